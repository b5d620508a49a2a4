package org.fer4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.fer4j.core.Dataset;
import org.fer4j.models.FerModelException;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.fer4j.models.ReferenceOutput;
import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.Model;

class ResumeTest {

    /** Epoch 1, stop, resume for epoch 2 must give the weights of an uninterrupted 2-epoch run. */
    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        Dataset faces = TrainingFixtures.publicTest().slice(0, 192);
        Dataset val = TrainingFixtures.publicTest().slice(192, 256);
        TrainConfig c = TrainConfig.builder("fer-net-s").optEpochs(2).optBatchSize(32).optSeed(7).build();
        Path whole = TrainingFixtures.tempDir();
        Path split = TrainingFixtures.tempDir();
        List<EpochRecord> a = new FerTrainer(c, whole, Map.of()).optLogEvery(0).train(faces, val, false);
        new FerTrainer(c, split, Map.of()).optLogEvery(0).optSessionEpochs(1).train(faces, val, false);
        assertTrue(Files.exists(split.resolve("checkpoint/state.json")));
        List<EpochRecord> b = new FerTrainer(c, split, Map.of()).optLogEvery(0).train(faces, val, true);
        assertEquals(2, b.size());
        assertEquals(a.get(1).trainLoss(), b.get(1).trainLoss(), 1e-5);
        try (Model m1 = ModelFiles.load(whole.resolve("checkpoint"), Device.cpu());
                Model m2 = ModelFiles.load(split.resolve("checkpoint"), Device.cpu())) {
            double maxDiff = TrainingFixtures.maxWeightDifference(m1, m2, false);
            assertTrue(maxDiff < 1e-5, "weights differ by " + maxDiff);
        }
    }

    /**
     * A resumed epoch whose loss turns NaN stops at once with a typed error, and the checkpoint it resumed from stays as
     * it was: the next {@code --resume} must find the last good epoch, not the NaN weights.
     */
    @Test
    void divergingEpochLeavesTheLastCheckpointAlone() throws Exception {
        Dataset faces = TrainingFixtures.publicTest().slice(0, 192);
        Dataset val = TrainingFixtures.publicTest().slice(192, 256);
        Path dir = TrainingFixtures.tempDir();
        TrainConfig sane = TrainConfig.builder("fer-net-s").optEpochs(2).optBatchSize(32).optSeed(7).build();
        new FerTrainer(sane, dir, Map.of()).optLogEvery(0).optSessionEpochs(1).train(faces, val, false);
        Path params = dir.resolve("checkpoint/fer-net-s-0000.params");
        byte[] before = Files.readAllBytes(params);
        String metrics = Files.readString(dir.resolve("metrics.json"));

        TrainConfig wild = TrainConfig.builder("fer-net-s").optEpochs(2).optBatchSize(32).optSeed(7).optLearningRate(1e30f).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new FerTrainer(wild, dir, Map.of()).optLogEvery(0).train(faces, val, true));
        assertEquals(2, e.epoch());
        assertTrue(e.getMessage().contains("still holds epoch 1"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(params));
        assertEquals(metrics, Files.readString(dir.resolve("metrics.json")));
        assertTrue(Files.readString(dir.resolve("checkpoint/state.json")).contains("\"epochsDone\": 1"));
    }

    /** A checkpoint whose weights no longer give the answers its card recorded is refused before training resumes. */
    @Test
    void resumeChecksTheRecordedAnswers() throws Exception {
        Path dir = TrainingFixtures.tempDir();
        TrainConfig c = TrainConfig.builder("fer-net-s").optEpochs(2).optBatchSize(32).optSeed(7).build();
        new FerTrainer(c, dir, Map.of()).optLogEvery(0).optSessionEpochs(1)
                .train(TrainingFixtures.publicTest().slice(0, 64), TrainingFixtures.publicTest().slice(64, 96), false);
        Path ckpt = dir.resolve("checkpoint");
        ModelCard card = ModelCard.read(ckpt);
        float[][] p = card.reference().probabilities();
        p[0][0] += 0.5f;
        Files.writeString(ckpt.resolve(ModelCard.FILE), card.withReference(new ReferenceOutput(ReferenceOutput.FACES, p)).toJson());
        String msg = assertThrows(FerModelException.class, () -> new FerTrainer(c, dir, Map.of()).optLogEvery(0)
                .train(TrainingFixtures.publicTest().slice(0, 64), TrainingFixtures.publicTest().slice(64, 96), true)).getMessage();
        assertTrue(msg.startsWith(ckpt + ": on PyTorch") && msg.contains("probabilities differ by up to 0.5"), msg);
    }

    /** The epoch log line says how long the call and the run still need, at this call's pace. */
    @Test
    void epochLogSaysTheTimeLeft() {
        assertEquals(", run ETA 20 min", ProgressLog.timeLeft(4, 4, 300));
        assertEquals(", session ETA 20 min, run ETA 8.3 h", ProgressLog.timeLeft(4, 100, 300));
        assertEquals(", pausing: the run needs about 8.0 h more", ProgressLog.timeLeft(0, 96, 300));
        assertEquals("", ProgressLog.timeLeft(0, 0, 300));
    }
}
