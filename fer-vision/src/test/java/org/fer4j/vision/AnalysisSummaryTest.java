package org.fer4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fer4j.core.BoundingBox;
import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.pipeline.FaceResult;
import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.core.pipeline.Smoothed;
import org.junit.jupiter.api.Test;

/** The summary's timeline stays within its point budget on long runs and averages what it merges. */
class AnalysisSummaryTest {

    /** Probabilities with {@code happy} at {@code p} and the rest spread evenly. */
    private static FaceResult face(int track, float p) {
        float[] probs = new float[Emotion.COUNT];
        java.util.Arrays.fill(probs, (1 - p) / (Emotion.COUNT - 1));
        probs[Emotion.HAPPY.index()] = p;
        ExpressionPrediction pred = new ExpressionPrediction(probs);
        return new FaceResult(track, new BoundingBox(10, 10, 40, 40), pred, Smoothed.of(pred));
    }

    @Test
    void shortRunsKeepEveryFrame() {
        AnalysisSummary s = new AnalysisSummary();
        for (int f = 0; f < 300; f++) {
            s.add(new FrameResult(f, f * 40.0, List.of(face(1, f % 2 == 0 ? 0.9f : 0.5f))));
        }
        AnalysisSummary.Track t = s.trackList().get(0);
        assertEquals(1, s.framesPerPoint());
        assertEquals(300, t.pointFrames().size());
        assertEquals(0.5f, t.pointProbabilities().get(1)[Emotion.HAPPY.index()], 1e-6);
    }

    @Test
    void longRunsAverageRunsOfFramesWithinTheBudget() {
        AnalysisSummary s = new AnalysisSummary();
        int frames = 100_000;
        for (int f = 0; f < frames; f++) {
            // track 1 is seen in every frame, alternating 0.9 and 0.5; a new short track starts every 50 frames
            s.add(new FrameResult(f, f * 40.0, List.of(face(1, f % 2 == 0 ? 0.9f : 0.5f), face(2 + f / 50, 0.3f))));
        }
        assertEquals(128, s.framesPerPoint(), "100,000 frames in at most 1,000 runs: runs of 128 frames");
        AnalysisSummary.Track t = s.trackList().get(0);
        assertEquals(frames, t.frames());
        int points = t.pointFrames().size();
        assertTrue(points <= AnalysisSummary.MAX_JSON_POINTS, points + " points");
        assertEquals((frames + 127) / 128, points);
        // each run holds as many 0.9 frames as 0.5 frames: its mean is 0.7
        for (float[] p : t.pointProbabilities()) {
            assertEquals(0.7f, p[Emotion.HAPPY.index()], 1e-4);
        }
        assertEquals(0L, t.pointFrames().get(0));
        assertEquals(128L, t.pointFrames().get(1));
        assertEquals(128 * 40.0, t.pointTimes().get(1), 1e-9);
        // a 50-frame track falls into one or two runs
        for (AnalysisSummary.Track shortTrack : s.trackList().subList(1, s.tracks())) {
            assertTrue(shortTrack.pointFrames().size() <= 2, shortTrack.id() + ": " + shortTrack.pointFrames());
            assertEquals(50, shortTrack.frames());
        }
        java.util.Map<?, ?> timeline = (java.util.Map<?, ?>) ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) s.asMap().get("tracks"))
                .get("1")).get("timeline");
        assertEquals(128L, timeline.get("frames_per_point"));
        assertEquals(points, ((List<?>) timeline.get("frame")).size());
    }
}
