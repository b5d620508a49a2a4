package org.fer4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class CoreTypesTest {

    @Test
    void emotionsFollowFer2013LabelOrder() {
        String[] names = {"angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"};
        for (int i = 0; i < names.length; i++) {
            assertEquals(names[i], Emotion.fromIndex(i).label());
            assertEquals(i, Emotion.fromName(names[i].toUpperCase()).index());
        }
        assertEquals("emotion label must be 0..6, got 7",
                assertThrows(IllegalArgumentException.class, () -> Emotion.fromIndex(7)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Emotion.fromName("contempt"));
    }

    @Test
    void faceImageValidatesAndIsImmutable() {
        int[] v = new int[FaceImage.PIXELS];
        Arrays.setAll(v, i -> i % 256);
        FaceImage f = FaceImage.ofInts(v);
        assertEquals(255, f.get(255));
        assertEquals(v[47 * 48 + 3], f.get(3, 47));
        byte[] copy = f.toBytes();
        copy[0] = 9;
        assertEquals(0, f.get(0));
        assertEquals("a face has 2304 pixels (48x48), got 3",
                assertThrows(IllegalArgumentException.class, () -> FaceImage.of(new byte[3])).getMessage());
        v[5] = 256;
        assertEquals("pixel 5 is 256, outside 0..255",
                assertThrows(IllegalArgumentException.class, () -> FaceImage.ofInts(v)).getMessage());
    }

    @Test
    void boxOverlapScaleAndClip() {
        BoundingBox a = new BoundingBox(0, 0, 10, 10);
        BoundingBox b = new BoundingBox(5, 0, 10, 10);
        assertEquals(50.0 / 150.0, a.iou(b), 1e-12);
        assertEquals(0, a.iou(new BoundingBox(20, 20, 5, 5)));
        assertEquals(new BoundingBox(0, 0, 20, 20), a.scale(2));
        assertEquals(new BoundingBox(0, 0, 5, 10), new BoundingBox(-5, 0, 10, 10).clip(100, 100));
        assertNull(new BoundingBox(200, 0, 10, 10).clip(100, 100));
        assertThrows(IllegalArgumentException.class, () -> new BoundingBox(0, 0, 0, 4));
    }

    @Test
    void predictionFromLogitsIsASoftmax() {
        ExpressionPrediction p = ExpressionPrediction.fromLogits(new float[] {0, 0, 0, 3, 0, 0, 0});
        assertEquals(Emotion.HAPPY, p.top());
        double e3 = Math.exp(3);
        assertEquals(e3 / (e3 + 6), p.confidence(), 1e-6);
        float sum = 0;
        for (float x : p.probabilities()) {
            sum += x;
        }
        assertEquals(1f, sum, 1e-6);
        assertEquals(p.confidence(), p.asMap().get(Emotion.HAPPY));
        // large logits must not overflow
        assertEquals(Emotion.SAD, ExpressionPrediction.fromLogits(new float[] {1000, 0, 0, 0, 1001, 0, 0}).top());
    }

    @Test
    void predictionRejectsBadProbabilities() {
        assertThrows(IllegalArgumentException.class, () -> new ExpressionPrediction(new float[6]));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ExpressionPrediction(new float[7]))
                .getMessage().contains("sum to 0"));
        assertThrows(IllegalArgumentException.class,
                () -> new ExpressionPrediction(new float[] {-0.5f, 1.5f, 0, 0, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class,
                () -> new ExpressionPrediction(new float[] {Float.NaN, 1, 0, 0, 0, 0, 0}));
    }

    @Test
    void datasetViewsSplitsAndCounts() {
        Dataset d = new Dataset() {
            @Override
            public int size() {
                return 10;
            }

            @Override
            public FaceImage image(int index) {
                byte[] b = new byte[FaceImage.PIXELS];
                b[0] = (byte) index;
                return FaceImage.wrap(b);
            }

            @Override
            public Emotion label(int index) {
                return Emotion.fromIndex(index % 7);
            }
        };
        assertEquals(2, d.classCounts()[0]);
        Dataset s = d.slice(3, 6);
        assertEquals(3, s.size());
        assertEquals(3, s.image(0).get(0));
        Dataset[] parts = d.randomSplit(0.7, 42);
        assertEquals(7, parts[0].size());
        assertEquals(3, parts[1].size());
        boolean[] seen = new boolean[10];
        for (Dataset p : parts) {
            for (int i = 0; i < p.size(); i++) {
                int id = p.image(i).get(0);
                assertTrue(!seen[id], "row " + id + " in both parts");
                seen[id] = true;
            }
        }
        Dataset[] again = d.randomSplit(0.7, 42);
        assertEquals(parts[1].image(0), again[1].image(0));
        assertThrows(IndexOutOfBoundsException.class, () -> d.slice(5, 11));
    }

    @Test
    void shiftMovesContentAndRepeatsTheEdge() {
        int[] v = new int[FaceImage.PIXELS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % FaceImage.SIZE) * 5;
        }
        FaceImage f = FaceImage.ofInts(v);
        FaceImage right = f.shifted(2, 0);
        assertEquals(f.get(0, 7), right.get(2, 7));
        assertEquals(f.get(45, 7), right.get(47, 7));
        assertEquals(f.get(0, 7), right.get(0, 7), "uncovered columns repeat the edge");
        FaceImage down = f.shifted(0, -3);
        assertEquals(f.get(10, 3), down.get(10, 0));
        assertEquals(f, f.shifted(0, 0));
    }
}
