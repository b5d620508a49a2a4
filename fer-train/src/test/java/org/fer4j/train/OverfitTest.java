package org.fer4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.fer4j.core.Dataset;
import org.junit.jupiter.api.Test;

class OverfitTest {

    /** A network that cannot memorise 64 faces has a broken optimizer, loss or data path. */
    @Test
    void ferNetMemorises64Faces() throws Exception {
        Dataset faces = TrainingFixtures.publicTest().slice(0, 64);
        TrainConfig c = TrainConfig.builder("fer-net-s").optEpochs(20).optBatchSize(16).optLearningRate(0.02f)
                .optSchedule(TrainConfig.Schedule.CONSTANT).optWarmupEpochs(0).optLabelSmoothing(0).optWeightDecay(0)
                .optAugmentation(Augmentation.NONE).optSeed(1).build();
        Path dir = TrainingFixtures.tempDir();
        List<EpochRecord> h = new FerTrainer(c, dir, Map.of()).optLogEvery(0).train(faces, faces, false);
        for (EpochRecord r : h) {
            System.out.printf("epoch %d loss %.4f acc %.4f val %.4f%n", r.epoch(), r.trainLoss(), r.trainAccuracy(), r.valAccuracy());
        }
        EpochRecord last = h.get(h.size() - 1);
        assertTrue(h.get(0).trainLoss() > last.trainLoss(), "loss did not fall");
        assertTrue(last.valAccuracy() >= 0.95, "accuracy on the memorised faces " + last.valAccuracy());
    }
}
