package org.fer4j.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.fer4j.core.Dataset;
import org.fer4j.models.FerModelException;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.Model;

/** Fine-tuning: a run started from a trained model's weights begins where that model ended, and says so in its card. */
class InitialWeightsTest {

    @Test
    void runStartsFromTheGivenWeights() throws Exception {
        Dataset faces = TrainingFixtures.publicTest().slice(0, 128);
        Dataset val = TrainingFixtures.publicTest().slice(128, 192);
        Path first = TrainingFixtures.tempDir();
        new FerTrainer(TrainConfig.builder("fer-net-s").optEpochs(1).optBatchSize(32).optSeed(3).build(), first, Map.of())
                .optLogEvery(0).train(faces, val, false);
        // a learning rate this small leaves trainable weights where they start, so any difference comes from the start
        TrainConfig still = TrainConfig.builder("fer-net-s").optEpochs(1).optBatchSize(32).optSeed(4).optLearningRate(1e-9f)
                .optWeightDecay(0).build();
        Path tuned = TrainingFixtures.tempDir();
        new FerTrainer(still, tuned, Map.of()).optInitialWeights(first.resolve("best")).optLogEvery(0).train(faces, val, false);
        Path fresh = TrainingFixtures.tempDir();
        new FerTrainer(still, fresh, Map.of()).optLogEvery(0).train(faces, val, false);
        try (Model start = ModelFiles.load(first.resolve("best"), Device.cpu());
                Model fromStart = ModelFiles.load(tuned.resolve("checkpoint"), Device.cpu());
                Model random = ModelFiles.load(fresh.resolve("checkpoint"), Device.cpu())) {
            double kept = TrainingFixtures.maxWeightDifference(start, fromStart, true);
            double control = TrainingFixtures.maxWeightDifference(start, random, true);
            assertTrue(kept < 1e-5, "initialised run moved its weights by " + kept);
            assertTrue(control > 1e-2, "a random start should differ from the trained weights, got " + control);
        }
        String from = String.valueOf(ModelCard.read(tuned.resolve("best")).data().get("initialised_from"));
        assertTrue(from.startsWith("fer-net-s seed 3 created "), from);
    }

    @Test
    void refusesWeightsOfAnotherArchitecture() throws Exception {
        Dataset faces = TrainingFixtures.publicTest().slice(0, 64);
        Path small = TrainingFixtures.tempDir();
        new FerTrainer(TrainConfig.builder("fer-net-s").optEpochs(1).optBatchSize(32).build(), small, Map.of())
                .optLogEvery(0).train(faces, faces, false);
        FerTrainer other = new FerTrainer(TrainConfig.builder("fer-net").optEpochs(1).build(), TrainingFixtures.tempDir(), Map.of());
        FerModelException e = assertThrows(FerModelException.class, () -> other.optInitialWeights(small.resolve("best")));
        assertTrue(e.getMessage().contains("'fer-net-s'") && e.getMessage().contains("'fer-net'"), e.getMessage());

        // a card that names fer-net over fer-net-s weights passes the card check; the shapes must still be refused
        Path relabelled = small.resolve("relabelled");
        Files.createDirectories(relabelled);
        Files.copy(small.resolve("best/fer-net-s-0000.params"), relabelled.resolve("fer-net-0000.params"));
        Files.writeString(relabelled.resolve(ModelCard.FILE),
                Files.readString(small.resolve("best").resolve(ModelCard.FILE)).replace("\"fer-net-s\"", "\"fer-net\""));
        other.optInitialWeights(relabelled);
        String msg = assertThrows(FerModelException.class, () -> other.train(faces, faces, false)).getMessage();
        assertTrue(msg.contains("fer-net-0000.params") && msg.contains("do not fit architecture 'fer-net'"), msg);
    }

    @Test
    void resumeFromATruncatedCheckpointNamesTheFile() throws Exception {
        Dataset faces = TrainingFixtures.publicTest().slice(0, 64);
        Path run = TrainingFixtures.tempDir();
        TrainConfig config = TrainConfig.builder("fer-net-s").optEpochs(1).optBatchSize(32).build();
        new FerTrainer(config, run, Map.of()).optLogEvery(0).train(faces, faces, false);
        Path weights = run.resolve("checkpoint/fer-net-s-0000.params");
        byte[] w = Files.readAllBytes(weights);
        Files.write(weights, Arrays.copyOf(w, w.length / 2));
        String msg = assertThrows(FerModelException.class, () -> new FerTrainer(config, run, Map.of()).train(faces, faces, true))
                .getMessage();
        assertTrue(msg.contains("fer-net-s-0000.params") && msg.contains("truncated"), msg);
    }
}
