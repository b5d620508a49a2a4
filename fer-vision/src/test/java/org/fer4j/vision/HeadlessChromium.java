package org.fer4j.vision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fer4j.core.io.AtomicOutput;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a page in a headless Chromium for tests (Debian: {@code apt-get install -y chromium}; another binary with
 * {@code -Dfer.chromium=/path}); tests skip with a {@code SKIPPED:} message when none is installed.
 */
final class HeadlessChromium {
    private final String binary;

    private HeadlessChromium(String binary) {
        this.binary = binary;
    }

    /** @return a browser, or the calling test is skipped */
    static HeadlessChromium require() {
        String configured = System.getProperty("fer.chromium");
        List<String> candidates = configured != null ? List.of(configured) : List.of("chromium", "chromium-browser", "google-chrome");
        for (String c : candidates) {
            Path p = c.contains("/") ? Path.of(c) : which(c);
            if (p != null && Files.isExecutable(p)) {
                return new HeadlessChromium(p.toString());
            }
        }
        Assumptions.abort("SKIPPED: no headless browser (install Debian's chromium: apt-get install -y chromium, or set -Dfer.chromium)");
        return null;
    }

    private static Path which(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * @param page an HTML file
     * @param extra further command-line switches ({@code --dump-dom}, {@code --screenshot=...})
     * @return what the browser printed on standard output
     */
    String run(Path page, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("fer-chromium");
        try {
            List<String> cmd = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run", "--mute-audio",
                    "--user-data-dir=" + profile, "--window-size=1280,2400", "--virtual-time-budget=8000"));
            cmd.addAll(List.of(extra));
            cmd.add(page.toUri().toString());
            Path stdout = profile.resolve("stdout.txt");
            Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(profile.resolve("stderr.txt").toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("chromium did not finish within 120 s on " + page);
            }
            if (p.exitValue() != 0) {
                throw new IOException("chromium exited with " + p.exitValue() + ": "
                        + Files.readString(profile.resolve("stderr.txt"), StandardCharsets.UTF_8));
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            AtomicOutput.deleteTree(profile);
        }
    }
}
