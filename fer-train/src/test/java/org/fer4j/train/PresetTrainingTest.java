package org.fer4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.fer4j.core.Dataset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PresetTrainingTest {

    /** Every registered architecture trains: a few epochs over the same 32 faces lower the loss. */
    @ParameterizedTest
    @ValueSource(strings = {"seed-cnn", "seed-vgg", "seed-resnet", "seed-simple-cnn", "fer-net", "fer-net-s"})
    void lossFalls(String model) throws Exception {
        Dataset faces = TrainingFixtures.publicTest().slice(0, 32);
        TrainConfig c = TrainConfig.builder(model).optEpochs(4).optBatchSize(16).optLearningRate(0.01f)
                .optSchedule(TrainConfig.Schedule.CONSTANT).optWarmupEpochs(0).optLabelSmoothing(0).optWeightDecay(0)
                .optAugmentation(Augmentation.NONE).optSeed(3).build();
        List<EpochRecord> h = new FerTrainer(c, TrainingFixtures.tempDir(), Map.of()).optLogEvery(0).train(faces, faces, false);
        System.out.printf("%s loss %.4f -> %.4f%n", model, h.get(0).trainLoss(), h.get(h.size() - 1).trainLoss());
        assertTrue(h.get(h.size() - 1).trainLoss() < h.get(0).trainLoss(), model + ": loss did not fall " + h);
    }
}
