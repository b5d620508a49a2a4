package org.fer4j.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProbabilityMeanTest {

    private static float[] onehot(int k) {
        float[] p = new float[Emotion.COUNT];
        p[k] = 1f;
        return p;
    }

    @Test
    void eachFaceIsDividedByItsOwnCount() {
        ProbabilityMean mean = new ProbabilityMean(2);
        mean.add(0, onehot(3));
        mean.add(0, onehot(6));
        mean.add(1, onehot(1));
        float[][] m = mean.means();
        float[] expected0 = new float[Emotion.COUNT];
        expected0[3] = 0.5f;
        expected0[6] = 0.5f;
        assertArrayEquals(expected0, m[0], 1e-7f);
        assertArrayEquals(onehot(1), m[1], 1e-7f);
    }

    @Test
    void predictionsOfBatchesAreAveragedRowByRow() {
        ProbabilityMean mean = new ProbabilityMean(3);
        List<ExpressionPrediction> first = List.of(new ExpressionPrediction(onehot(0)), new ExpressionPrediction(onehot(2)));
        mean.addAll(0, first);
        mean.addAll(1, List.of(new ExpressionPrediction(onehot(5)), new ExpressionPrediction(onehot(4))));
        mean.addAll(1, List.of(new ExpressionPrediction(onehot(5))));
        List<ExpressionPrediction> out = mean.predictions();
        assertEquals(Emotion.ANGRY, out.get(0).top());
        assertEquals(Emotion.SURPRISE, out.get(1).top(), "two of three votes for surprise beat one for fear");
        assertEquals(2f / 3f, out.get(1).probabilities()[5], 1e-6f);
        assertEquals(Emotion.SAD, out.get(2).top());
    }

    @Test
    void aFaceWithoutDistributionsOrAMismatchedLengthIsAnError() {
        ProbabilityMean mean = new ProbabilityMean(2);
        mean.add(0, onehot(0));
        assertEquals("face 1 of 2 has no distribution to average",
                assertThrows(IllegalStateException.class, mean::means).getMessage());
        assertEquals("face 0: 3 probabilities after 7 before",
                assertThrows(IllegalArgumentException.class, () -> mean.add(0, new float[3])).getMessage());
    }
}
