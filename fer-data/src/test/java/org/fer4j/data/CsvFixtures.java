package org.fer4j.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Generates small FER2013 CSV files for the reader tests. */
final class CsvFixtures {
    static final String HEADER = "emotion,pixels,Usage";

    private CsvFixtures() {
    }

    /** @return 2,304 pixel values starting at {@code seed}, space separated */
    static String pixels(int seed) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2304; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append((seed + i * 7) % 256);
        }
        return sb.toString();
    }

    static String row(int label, int seed, String usage) {
        return label + "," + pixels(seed) + "," + usage;
    }

    static Path write(Path dir, String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);
        return p;
    }

    static Path writeGzip(Path dir, String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return p;
    }
}
