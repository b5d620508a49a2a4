package org.fer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.fer4j.data.FaceStore;
import org.fer4j.data.Fer2013Reader;
import org.fer4j.data.Usage;
import org.fer4j.testing.SharedData;

import ai.djl.Model;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

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

    /**
     * @param trainableOnly compare only weights that take gradients (batch-norm running statistics move even at a tiny learning rate)
     * @return the largest absolute difference between two models' weights of the same architecture
     */
    static double maxWeightDifference(Model a, Model b, boolean trainableOnly) {
        var p1 = a.getBlock().getParameters();
        var p2 = b.getBlock().getParameters();
        assertEquals(p1.size(), p2.size());
        double maxDiff = 0;
        for (int i = 0; i < p1.size(); i++) {
            Pair<String, Parameter> x = p1.get(i);
            assertEquals(x.getKey(), p2.get(i).getKey());
            if (!trainableOnly || x.getValue().requiresGradient()) {
                maxDiff = Math.max(maxDiff, x.getValue().getArray().sub(p2.get(i).getValue().getArray()).abs().max().getFloat());
            }
        }
        return maxDiff;
    }

    private static Path root;

    /**
     * A fresh folder for one training run, under one folder per test JVM that is deleted when the JVM exits: runs write
     * checkpoints and plots (hundreds of MB per suite), which must not pile up in the temp folder run after run.
     */
    static synchronized Path tempDir() throws java.io.IOException {
        if (root == null) {
            Path r = Files.createTempDirectory("fer4j-train-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> org.fer4j.core.io.AtomicOutput.deleteTree(r)));
            root = r;
        }
        return Files.createTempDirectory(root, "run");
    }
}
