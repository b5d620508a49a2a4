package org.fer4j.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;

import org.fer4j.core.BoundingBox;
import org.fer4j.core.Detection;
import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceDetector;
import org.fer4j.core.FaceImage;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private static ExpressionPrediction onehot(Emotion e) {
        float[] p = new float[7];
        p[e.index()] = 1;
        return new ExpressionPrediction(p);
    }

    @Test
    void modeSmootherFollowsTheMajorityOfItsWindow() {
        LabelModeSmoother s = new LabelModeSmoother(3);
        assertEquals(Emotion.HAPPY, s.update(onehot(Emotion.HAPPY)).label());
        assertEquals(Emotion.HAPPY, s.update(onehot(Emotion.HAPPY)).label());
        Smoothed third = s.update(onehot(Emotion.SAD));
        assertEquals(Emotion.HAPPY, third.label());
        assertEquals(2 / 3f, third.confidence(), 1e-6); // shown with its share of the votes
        assertEquals(Emotion.SAD, s.update(onehot(Emotion.SAD)).label()); // window now H,S,S
    }

    @Test
    void emaSmootherAverages() {
        EmaSmoother s = new EmaSmoother(0.5);
        assertEquals(Emotion.HAPPY, s.update(onehot(Emotion.HAPPY)).label());
        assertEquals(Emotion.HAPPY, s.update(onehot(Emotion.SAD)).label()); // tie 0.5/0.5 goes to lower index
        Smoothed third = s.update(onehot(Emotion.SAD));
        assertEquals(Emotion.SAD, third.label());
        assertEquals(0.75f, third.confidence(), 1e-6);
        assertEquals(0.25f, third.probabilities().probability(Emotion.HAPPY), 1e-6);
    }

    @Test
    void trackerKeepsIdsByOverlapAndDropsStaleTracks() {
        FaceTracker t = new TrackingSpec(1, 0.5, 1.5).newTracker();
        int[] a = t.update(List.of(new BoundingBox(0, 0, 10, 10), new BoundingBox(100, 0, 10, 10)));
        int[] b = t.update(List.of(new BoundingBox(101, 1, 10, 10), new BoundingBox(1, 0, 10, 10)));
        assertEquals(a[1], b[0]);
        assertEquals(a[0], b[1]);
        t.update(List.of());
        t.update(List.of());
        int[] c = t.update(List.of(new BoundingBox(0, 0, 10, 10)));
        assertNotEquals(a[0], c[0]);
    }

    /** Two faces whose classifier output alternates must keep separate smoothing windows. */
    @Test
    void smoothingIsPerFaceAndFacesAreBatched() {
        FaceDetector<Integer> det = frame -> List.of(new Detection(new BoundingBox(0, 0, 10, 10), 1f),
                new Detection(new BoundingBox(50, 0, 10, 10), 1f));
        List<Integer> batchSizes = new ArrayList<>();
        ExpressionClassifier cls = new ExpressionClassifier() {
            @Override
            public List<ExpressionPrediction> classifyAll(List<FaceImage> faces) {
                batchSizes.add(faces.size());
                // left face always happy, right face always sad, except frame 3 where they swap
                boolean swap = faces.get(0).get(0) == 3;
                return List.of(onehot(swap ? Emotion.SAD : Emotion.HAPPY), onehot(swap ? Emotion.HAPPY : Emotion.SAD));
            }

            @Override
            public void close() {
            }
        };
        FramePipeline<Integer> p = FramePipeline.withDefaults(det, (frame, box) -> {
            byte[] b = new byte[FaceImage.PIXELS];
            b[0] = (byte) frame.intValue();
            return FaceImage.wrap(b);
        }, cls);
        FrameResult last = null;
        for (int f = 0; f < 5; f++) {
            last = p.process(f, f, f * 40.0);
        }
        assertEquals(List.of(2, 2, 2, 2, 2), batchSizes);
        assertEquals(Emotion.HAPPY, last.faces().get(0).smoothedLabel());
        assertEquals(Emotion.SAD, last.faces().get(1).smoothedLabel());
        assertEquals(160.0, last.timeMs());
    }
}
