package org.fer4j.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fer4j.core.Emotion;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    @Test
    void metricsMatchHandComputedValues() {
        ConfusionMatrix m = new ConfusionMatrix();
        // happy: 3 right, 1 called sad; sad: 1 right, 1 called happy; angry: 1 called happy
        for (int i = 0; i < 3; i++) {
            m.add(Emotion.HAPPY, Emotion.HAPPY);
        }
        m.add(Emotion.HAPPY, Emotion.SAD);
        m.add(Emotion.SAD, Emotion.SAD);
        m.add(Emotion.SAD, Emotion.HAPPY);
        m.add(Emotion.ANGRY, Emotion.HAPPY);
        assertEquals(7, m.total());
        assertEquals(4.0 / 7, m.accuracy(), 1e-12);
        assertEquals(3.0 / 5, m.precision(Emotion.HAPPY), 1e-12);
        assertEquals(3.0 / 4, m.recall(Emotion.HAPPY), 1e-12);
        double f1h = 2 * 0.6 * 0.75 / 1.35;
        assertEquals(f1h, m.f1(Emotion.HAPPY), 1e-12);
        assertEquals(0.5, m.precision(Emotion.SAD), 1e-12);
        assertEquals(0.5, m.recall(Emotion.SAD), 1e-12);
        assertEquals(0, m.f1(Emotion.ANGRY));
        assertEquals((f1h + 0.5) / 7, m.macroF1(), 1e-12);
        assertEquals(1, m.counts()[Emotion.ANGRY.index()][Emotion.HAPPY.index()]);
        assertTrue(m.report().contains("accuracy 0.5714"));
    }

    @Test
    void emptyMatrixIsZeroNotNaN() {
        ConfusionMatrix m = new ConfusionMatrix();
        assertEquals(0, m.accuracy());
        assertEquals(0, m.macroF1());
    }
}
