package org.fer4j.train;

import java.nio.file.Files;
import java.nio.file.Path;

import org.fer4j.data.FaceStore;
import org.fer4j.data.Fer2013Reader;
import org.fer4j.data.Usage;
import org.fer4j.testing.SharedData;

/** Real faces for training tests: the first rows of FER2013 PublicTest when the shared data is present. */
final class TrainingFixtures {
    private static FaceStore cached;

    private TrainingFixtures() {
    }

    static synchronized FaceStore publicTest() {
        if (cached == null) {
            Path p = SharedData.require("fer2013/publictest.csv.gz");
            cached = FaceStore.read(Fer2013Reader.builder().optUsages(Usage.PUBLIC_TEST).build(), p);
        }
        return cached;
    }

    static Path tempDir() throws java.io.IOException {
        return Files.createTempDirectory("fer4j-train-test");
    }
}
