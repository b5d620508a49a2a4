package org.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./fer} launcher rebuilds when a source is newer than the jar, and only then: files the build itself writes
 * under {@code target/} (generated sources) must not force a rebuild on every call.
 */
class LauncherTest {
    @TempDir
    Path root;

    private Path script(Path p, String body) throws IOException {
        Files.writeString(p, "#!/usr/bin/env bash\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** Runs the launcher in a copy of the layout, with a stand-in Maven wrapper and java; true when it rebuilt. */
    private boolean rebuilds() throws IOException, InterruptedException {
        Path marker = root.resolve("built");
        Files.deleteIfExists(marker);
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("fer").toString(), "--version");
        pb.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(root.resolve("out.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(root.resolve("out.txt")));
        assertTrue(Files.readString(root.resolve("out.txt")).contains("ran fer.jar"), Files.readString(root.resolve("out.txt")));
        return Files.exists(marker);
    }

    @Test
    void filesUnderTargetDoNotForceARebuild() throws Exception {
        Path launcher = Path.of("..", "fer").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(launcher), "SKIPPED: the launcher is not beside this module");
        Files.copy(launcher, root.resolve("fer"));
        script(root.resolve("mvnw"), "touch \"$(dirname \"$0\")/built\"");
        script(Files.createDirectories(root.resolve("bin")).resolve("java"), "echo \"ran $(basename \"${@: -2:1}\")\"");
        Path src = Files.createDirectories(root.resolve("fer-core/src/main/java")).resolve("A.java");
        Files.writeString(src, "class A {}");
        Path jar = Files.createDirectories(root.resolve("fer-cli/target")).resolve("fer.jar");
        Files.writeString(jar, "jar");
        Instant now = Instant.now();
        Files.setLastModifiedTime(src, FileTime.from(now.minusSeconds(60)));
        Files.setLastModifiedTime(jar, FileTime.from(now.minusSeconds(30)));
        assertFalse(rebuilds(), "sources older than the jar");

        Path generated = Files.createDirectories(root.resolve("fer-bench/target/generated-sources/jmh")).resolve("Gen.java");
        Files.writeString(generated, "class Gen {}");
        Files.setLastModifiedTime(generated, FileTime.from(now));
        assertFalse(rebuilds(), "a generated source under target/ is the build's own output");

        Files.setLastModifiedTime(src, FileTime.from(now));
        assertTrue(rebuilds(), "a changed source rebuilds");
    }
}
