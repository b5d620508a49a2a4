package org.fer4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the read-only data folder beside the checkout ({@code ../shared/data}) for integration tests, and skips the
 * calling test with a clear message when it is absent, so that a user's clone without it still passes.
 */
public final class SharedData {
    private SharedData() {
    }

    /** @return the data folder, or {@code null} when there is none */
    public static Path rootOrNull() {
        String prop = System.getProperty("fer.data.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate.resolve("fer2013"))) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * @param relative a path under the data folder, e.g. {@code fer2013/train.csv.gz}
     * @return the file; the test is skipped (not failed) when it does not exist
     */
    public static Path require(String relative) {
        Path root = rootOrNull();
        Assumptions.assumeTrue(root != null, "SKIPPED: shared data folder not found (set -Dfer.data.dir or place it at ../shared/data)");
        Path p = root.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "SKIPPED: " + relative + " not found under " + root);
        return p;
    }
}
