package org.fer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The builder fills every setting of the record, and a config survives the round trip through its builder. */
class TrainConfigTest {

    /** Every setting away from its default. */
    private static TrainConfig everythingSet() {
        return TrainConfig.builder("resnet18").optEpochs(7).optBatchSize(33).optOptimizer(TrainConfig.OptimizerKind.ADAMW)
                .optLearningRate(0.003f).optMomentum(0.8f).optNesterov(false).optWeightDecay(0.01f)
                .optSchedule(TrainConfig.Schedule.STEP).optWarmupEpochs(2).optStep(4, 0.5f).optPatience(5).optLabelSmoothing(0.2f)
                .optClassWeights(true).optAugmentation(Augmentation.NONE).optSeed(7).optMixup(0.3f).optCutmix(0.4f)
                .optSoftLabelWeight(0.6f).build();
    }

    @Test
    void everySettingSurvivesTheRoundTripThroughTheBuilder() {
        TrainConfig c = everythingSet();
        assertEquals(c, c.toBuilder().build());
        TrainConfig defaults = TrainConfig.builder("resnet18").build();
        // each setting differs from its default, so a builder that dropped one would not give c back
        for (java.lang.reflect.RecordComponent rc : TrainConfig.class.getRecordComponents()) {
            if (!rc.getName().equals("model")) {
                try {
                    assertNotEquals(rc.getAccessor().invoke(defaults), rc.getAccessor().invoke(c), rc.getName());
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    @Test
    void theBuilderReportsTheRecordsOwnChecks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.builder("resnet18").optLearningRate(0f).build());
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
    }
}
