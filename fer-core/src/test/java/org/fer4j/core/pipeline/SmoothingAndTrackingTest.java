package org.fer4j.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import org.fer4j.core.BoundingBox;
import org.fer4j.core.Detection;
import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceDetector;
import org.fer4j.core.FaceImage;
import org.fer4j.core.FerException;
import org.junit.jupiter.api.Test;

class SmoothingAndTrackingTest {

    private static ExpressionPrediction random(Random r) {
        float[] logits = new float[Emotion.COUNT];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (r.nextGaussian() * 2);
        }
        return ExpressionPrediction.fromLogits(logits);
    }

    @Test
    void everySmootherShowsTheArgmaxOfTheNumbersItShows() {
        for (String spec : List.of("ema:0.3", "ema:1", "mean:1", "mean:5", "mode:1", "mode:4", "mode:10")) {
            Smoother s = SmoothingSpec.parse(spec).get();
            Random r = new Random(spec.hashCode());
            for (int i = 0; i < 500; i++) {
                Smoothed out = s.update(random(r));
                float max = 0;
                for (Emotion e : Emotion.values()) {
                    max = Math.max(max, out.probabilities().probability(e));
                }
                assertEquals(max, out.confidence(), 1e-6, spec + " frame " + i);
            }
        }
    }

    @Test
    void windowMeanAveragesTheLastFrames() {
        WindowMeanSmoother s = new WindowMeanSmoother(2);
        float[] a = new float[7];
        a[Emotion.HAPPY.index()] = 1;
        float[] b = new float[7];
        b[Emotion.SAD.index()] = 0.8f;
        b[Emotion.ANGRY.index()] = 0.2f;
        s.update(new ExpressionPrediction(a));
        s.update(new ExpressionPrediction(b));
        Smoothed third = s.update(new ExpressionPrediction(b)); // the happy frame has left the window
        assertEquals(Emotion.SAD, third.label());
        assertEquals(0.8f, third.confidence(), 1e-6);
        assertEquals(0f, third.probabilities().probability(Emotion.HAPPY), 1e-6);
    }

    @Test
    void smoothingSpecsParseRoundTripAndRejectNonsenseByName() {
        assertEquals("ema:0.3", SmoothingSpec.DEFAULT.toString());
        for (String spec : List.of("ema:0.3", "ema:1", "mean:8", "mode:10")) {
            assertEquals(spec, SmoothingSpec.parse(spec).toString());
        }
        assertEquals(SmoothingSpec.mode(10), SmoothingSpec.parse(" MODE:10 "));
        FerException e = assertThrows(FerException.class, () -> SmoothingSpec.parse("mode:abc"));
        assertEquals("smoothing 'mode:abc': N must be a positive integer", e.getMessage());
        assertEquals("smoothing 'mean:0': N must be a positive integer",
                assertThrows(FerException.class, () -> SmoothingSpec.parse("mean:0")).getMessage());
        assertEquals("smoothing 'ema:1.5': A must be a number in (0, 1]",
                assertThrows(FerException.class, () -> SmoothingSpec.parse("ema:1.5")).getMessage());
        assertEquals("smoothing 'median:3': expected ema:A, mean:N or mode:N",
                assertThrows(FerException.class, () -> SmoothingSpec.parse("median:3")).getMessage());
        assertThrows(FerException.class, () -> new TrackingSpec(-1, 0.5, 1.5));
        assertThrows(FerException.class, () -> new TrackingSpec(1, 0.5, 0.9));
    }

    @Test
    void aTrackWaitsForItsFaceAcrossAGapAndMatchesByPositionAndSize() {
        FaceTracker t = new TrackingSpec(10, 0.5, 1.5).newTracker();
        int id = t.update(List.of(new BoundingBox(100, 100, 60, 60)))[0];
        for (int i = 0; i < 8; i++) {
            assertEquals(0, t.update(List.of()).length);
        }
        // back after 8 frames, moved by one face width and a bit larger: no overlap with the last box, same person
        assertEquals(id, t.update(List.of(new BoundingBox(160, 100, 70, 70)))[0]);
        // a face three times as large at the same place is someone else
        int[] two = t.update(List.of(new BoundingBox(160, 100, 70, 70), new BoundingBox(150, 90, 210, 210)));
        assertEquals(id, two[0]);
        assertNotEquals(id, two[1]);
        // a face far away is a new track too
        FaceTracker u = new TrackingSpec(10, 0.5, 1.5).newTracker();
        int first = u.update(List.of(new BoundingBox(0, 0, 50, 50)))[0];
        assertNotEquals(first, u.update(List.of(new BoundingBox(300, 0, 50, 50)))[0]);
    }

    @Test
    void equalDetectionsGiveEqualIds() {
        Random r = new Random(3);
        List<List<BoundingBox>> frames = new ArrayList<>();
        for (int f = 0; f < 200; f++) {
            List<BoundingBox> boxes = new ArrayList<>();
            for (int k = 0; k < r.nextInt(4); k++) {
                boxes.add(new BoundingBox(r.nextInt(5) * 40, r.nextInt(3) * 40, 30 + r.nextInt(10), 30 + r.nextInt(10)));
            }
            frames.add(boxes);
        }
        FaceTracker a = TrackingSpec.DEFAULT.newTracker();
        FaceTracker b = TrackingSpec.DEFAULT.newTracker();
        for (List<BoundingBox> boxes : frames) {
            assertArrayEquals(a.update(boxes), b.update(boxes));
        }
    }

    /** Frames are ints: the value / 100 is the shot; one face that stays in place. */
    @Test
    void aShotCutEndsEveryTrackAndIsRecorded() {
        FaceDetector<Integer> det = frame -> List.of(new Detection(new BoundingBox(10, 10, 40, 40), 1f));
        ExpressionClassifier cls = new ExpressionClassifier() {
            @Override
            public List<ExpressionPrediction> classifyAll(List<FaceImage> faces) {
                float[] p = new float[7];
                p[faces.get(0).get(0) == 0 ? 3 : 4] = 1;
                return List.of(new ExpressionPrediction(p));
            }

            @Override
            public void close() {
            }
        };
        ShotBoundaryDetector<Integer> shots = new ShotBoundaryDetector<>() {
            @Override
            public float[] signature(Integer frame) {
                return new float[] {frame / 100};
            }

            @Override
            public boolean isCut(float[] previous, float[] current) {
                return previous[0] != current[0];
            }
        };
        int[] frames = {0, 1, 2, 100, 101, 200};
        FramePipeline<Integer> one = new FramePipeline<>(det, (frame, box) -> {
            byte[] b = new byte[FaceImage.PIXELS];
            b[0] = (byte) (frame / 100 % 2);
            return FaceImage.wrap(b);
        }, cls, SmoothingSpec.DEFAULT, TrackingSpec.DEFAULT, shots);
        FramePipeline<Integer> split = new FramePipeline<>(det, (frame, box) -> {
            byte[] b = new byte[FaceImage.PIXELS];
            b[0] = (byte) (frame / 100 % 2);
            return FaceImage.wrap(b);
        }, cls, SmoothingSpec.DEFAULT, TrackingSpec.DEFAULT, shots);
        List<FramePipeline.Observation> observed = new ArrayList<>();
        for (int f : frames) {
            observed.add(split.observe(f));
        }
        List<Integer> tracks = new ArrayList<>();
        List<Boolean> cuts = new ArrayList<>();
        for (int i = 0; i < frames.length; i++) {
            FrameResult r = one.process(frames[i], i, i * 40.0);
            assertEquals(r, split.track(observed.get(i), i, i * 40.0), "observe + track must equal process");
            tracks.add(r.faces().get(0).track());
            cuts.add(r.shotCut());
            // the smoother restarted at the cut: the new shot's label shows at once, not after the EMA catches up
            assertEquals(frames[i] / 100 % 2 == 0 ? Emotion.HAPPY : Emotion.SAD, r.faces().get(0).smoothedLabel());
        }
        assertEquals(List.of(0, 0, 0, 1, 1, 2), tracks);
        assertEquals(List.of(false, false, false, true, false, true), cuts);
        assertFalse(new FrameResult(0, 0, List.of()).shotCut());
        assertTrue(cuts.get(3));
    }

    /** The per-frame cost of tracking and smoothing three faces (printed for docs/ux.md; bounded far above it). */
    @Test
    void trackingAndSmoothingCostMicrosecondsPerFrame() {
        Random r = new Random(5);
        ExpressionPrediction[] preds = new ExpressionPrediction[64];
        for (int i = 0; i < preds.length; i++) {
            preds[i] = random(r);
        }
        for (String spec : List.of("ema:0.3", "mean:10", "mode:10")) {
            Supplier<Smoother> make = SmoothingSpec.parse(spec);
            long best = Long.MAX_VALUE;
            for (int rep = 0; rep < 5; rep++) {
                FaceTracker tracker = TrackingSpec.DEFAULT.newTracker();
                Smoother[] smoothers = {make.get(), make.get(), make.get()};
                int frames = 20_000;
                long t0 = System.nanoTime();
                long sink = 0;
                for (int f = 0; f < frames; f++) {
                    int[] ids = tracker.update(List.of(new BoundingBox(100 + f % 7, 100, 80, 80), new BoundingBox(400, 120 + f % 5, 90, 90),
                            new BoundingBox(700, 90, 70, 70)));
                    for (int k = 0; k < 3; k++) {
                        sink += ids[k] + smoothers[k].update(preds[(f + k) % preds.length]).label().index();
                    }
                }
                best = Math.min(best, (System.nanoTime() - t0) / frames);
                assertTrue(sink >= 0);
            }
            System.out.printf("tracking + %s smoothing, 3 faces: %d ns per frame%n", spec, best);
            assertTrue(best < 50_000, spec + ": " + best + " ns per frame");
        }
    }
}
