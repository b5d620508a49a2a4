package org.fer4j.vision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.fer4j.core.Emotion;
import org.fer4j.core.pipeline.FaceResult;
import org.fer4j.core.pipeline.FrameResult;

/**
 * Totals of a run: frames, faces, shot cuts and, per track, its span, the share of frames of each smoothed emotion, the
 * mean confidence shown and its timeline (its smoothed probabilities over time).
 *
 * <p>Memory stays bounded whatever the video's length: a timeline point is the mean of the frames a track was seen in
 * within one run of {@link #framesPerPoint()} frames, and that run length, the same for the whole video, doubles
 * whenever the video passes {@value #MAX_JSON_POINTS} runs (the points already kept are merged in pairs). A track thus
 * holds at most about {@value #MAX_JSON_POINTS} points, and the whole summary a few hundred bytes per track plus its
 * points; the per-frame detail is in the JSON lines.
 */
public final class AnalysisSummary {
    /** Most timeline points per track: a longer video averages each point over a run of frames. */
    public static final int MAX_JSON_POINTS = 1000;

    private final Map<Integer, Track> tracks = new TreeMap<>();
    private final List<Long> cuts = new ArrayList<>();
    private final List<Double> cutTimes = new ArrayList<>();
    private long frames;
    private long faces;
    private double lastMs;
    private long framesPerPoint = 1;

    /** One track's totals and timeline, filled frame by frame. */
    public final class Track {
        private final int id;
        private final long firstFrame;
        private final double firstMs;
        private long lastFrame;
        private double lastMs;
        private long observations;
        private final long[] labelCounts = new long[Emotion.COUNT];
        private double confidenceSum;
        // the timeline in primitive arrays (a boxed point per frame cost ~100 bytes): first frame and time seen in each
        // run, the sums of the seven probabilities over the run and the frames they sum
        private int points;
        private long[] pointFrame = new long[4];
        private double[] pointMs = new double[4];
        private double[] pointSum = new double[4 * Emotion.COUNT];
        private int[] pointCount = new int[4];

        private Track(int id, long frame, double timeMs) {
            this.id = id;
            this.firstFrame = frame;
            this.firstMs = timeMs;
        }

        private void add(long frame, double timeMs, FaceResult f) {
            lastFrame = frame;
            lastMs = timeMs;
            observations++;
            labelCounts[f.smoothedLabel().index()]++;
            confidenceSum += f.smoothedConfidence();
            if (points == 0 || pointFrame[points - 1] / framesPerPoint != frame / framesPerPoint) {
                if (points == pointFrame.length) {
                    int n = points * 2;
                    pointFrame = Arrays.copyOf(pointFrame, n);
                    pointMs = Arrays.copyOf(pointMs, n);
                    pointSum = Arrays.copyOf(pointSum, n * Emotion.COUNT);
                    pointCount = Arrays.copyOf(pointCount, n);
                }
                pointFrame[points] = frame;
                pointMs[points] = timeMs;
                // the slot may hold a point that coarsen() merged away
                Arrays.fill(pointSum, points * Emotion.COUNT, (points + 1) * Emotion.COUNT, 0);
                pointCount[points] = 0;
                points++;
            }
            int k = points - 1;
            float[] p = f.smoothedProbabilities().probabilities();
            for (int e = 0; e < Emotion.COUNT; e++) {
                pointSum[k * Emotion.COUNT + e] += p[e];
            }
            pointCount[k]++;
        }

        /** Merges the points that fall into one run of the new, longer run length. */
        private void coarsen(long per) {
            int w = 0;
            for (int i = 0; i < points; i++) {
                if (w > 0 && pointFrame[w - 1] / per == pointFrame[i] / per) {
                    for (int e = 0; e < Emotion.COUNT; e++) {
                        pointSum[(w - 1) * Emotion.COUNT + e] += pointSum[i * Emotion.COUNT + e];
                    }
                    pointCount[w - 1] += pointCount[i];
                } else {
                    pointFrame[w] = pointFrame[i];
                    pointMs[w] = pointMs[i];
                    System.arraycopy(pointSum, i * Emotion.COUNT, pointSum, w * Emotion.COUNT, Emotion.COUNT);
                    pointCount[w] = pointCount[i];
                    w++;
                }
            }
            points = w;
        }

        /** @return the track id */
        public int id() {
            return id;
        }

        /** @return frame where it was first seen */
        public long firstFrame() {
            return firstFrame;
        }

        /** @return frame where it was last seen */
        public long lastFrame() {
            return lastFrame;
        }

        /** @return time of its first frame, ms */
        public double firstMs() {
            return firstMs;
        }

        /** @return time of its last frame, ms */
        public double lastMs() {
            return lastMs;
        }

        /** @return frames it was seen in */
        public long frames() {
            return observations;
        }

        /** @param e an emotion @return the share of its frames shown with that smoothed label */
        public double share(Emotion e) {
            return (double) labelCounts[e.index()] / frames();
        }

        /** @return the smoothed label shown most often (the lowest index wins a tie) */
        public Emotion dominant() {
            int best = 0;
            for (int i = 1; i < labelCounts.length; i++) {
                if (labelCounts[i] > labelCounts[best]) {
                    best = i;
                }
            }
            return Emotion.fromIndex(best);
        }

        /** @return the mean of the confidence shown with its label (the label's smoothed probability) */
        public double meanConfidence() {
            return confidenceSum / frames();
        }

        /** @return the length of the runs of frames its timeline points average (the same for every track of a run) */
        public long framesPerPoint() {
            return AnalysisSummary.this.framesPerPoint;
        }

        /** @return the first frame seen in each timeline point's run */
        public List<Long> pointFrames() {
            return Arrays.stream(pointFrame, 0, points).boxed().toList();
        }

        /** @return the time of the first frame seen in each timeline point's run, ms */
        public List<Double> pointTimes() {
            return Arrays.stream(pointMs, 0, points).boxed().toList();
        }

        /** @return the seven smoothed probabilities of each timeline point, averaged over its run */
        public List<float[]> pointProbabilities() {
            List<float[]> out = new ArrayList<>(points);
            for (int i = 0; i < points; i++) {
                float[] p = new float[Emotion.COUNT];
                for (int e = 0; e < Emotion.COUNT; e++) {
                    p[e] = (float) (pointSum[i * Emotion.COUNT + e] / pointCount[i]);
                }
                out.add(p);
            }
            return out;
        }
    }

    /** @param r one frame's result */
    public void add(FrameResult r) {
        frames++;
        lastMs = Math.max(lastMs, r.timeMs());
        if (r.shotCut()) {
            cuts.add(r.frame());
            cutTimes.add(r.timeMs());
        }
        if (r.frame() >= framesPerPoint * MAX_JSON_POINTS) {
            while (r.frame() >= framesPerPoint * MAX_JSON_POINTS) {
                framesPerPoint *= 2;
            }
            for (Track t : tracks.values()) {
                t.coarsen(framesPerPoint);
            }
        }
        for (FaceResult f : r.faces()) {
            faces++;
            tracks.computeIfAbsent(f.track(), k -> new Track(k, r.frame(), r.timeMs())).add(r.frame(), r.timeMs(), f);
        }
    }

    /** @return the length of the runs of frames each timeline point averages: 1 up to {@value #MAX_JSON_POINTS} frames */
    public long framesPerPoint() {
        return framesPerPoint;
    }

    /** @return frames processed */
    public long frames() {
        return frames;
    }

    /** @return face observations over all frames */
    public long faces() {
        return faces;
    }

    /** @return number of distinct tracks */
    public int tracks() {
        return tracks.size();
    }

    /** @return the time of the last frame, ms */
    public double lastMs() {
        return lastMs;
    }

    /** @return the tracks in id order */
    public List<Track> trackList() {
        return List.copyOf(tracks.values());
    }

    /** @return frame numbers where a new shot starts */
    public List<Long> shotCuts() {
        return List.copyOf(cuts);
    }

    /** @return times where a new shot starts, ms */
    public List<Double> shotCutTimesMs() {
        return List.copyOf(cutTimes);
    }

    /** @return a JSON-ready map: frames, faces, shot cuts and one entry per track with its timeline */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", frames);
        m.put("faces", faces);
        List<Map<String, Object>> shotCuts = new ArrayList<>();
        for (int i = 0; i < cuts.size(); i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("frame", cuts.get(i));
            c.put("time_ms", round(cutTimes.get(i), 3));
            shotCuts.add(c);
        }
        m.put("shot_cuts", shotCuts);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Track t : tracks.values()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("frames", t.frames());
            j.put("first_frame", t.firstFrame());
            j.put("last_frame", t.lastFrame());
            j.put("first_ms", t.firstMs());
            j.put("last_ms", t.lastMs());
            Map<String, Double> share = new LinkedHashMap<>();
            for (Emotion em : Emotion.values()) {
                share.put(em.label(), t.share(em));
            }
            j.put("emotion_share", share);
            j.put("dominant", t.dominant().label());
            j.put("dominant_share", t.share(t.dominant()));
            j.put("mean_confidence", round(t.meanConfidence(), 4));
            j.put("timeline", timeline(t));
            out.put(String.valueOf(t.id()), j);
        }
        m.put("tracks", out);
        return m;
    }

    /** The track's timeline points: first frame and time of each run and its mean smoothed probabilities. */
    private static Map<String, Object> timeline(Track t) {
        List<Double> times = new ArrayList<>();
        for (double ms : t.pointTimes()) {
            times.add(round(ms, 3));
        }
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (Emotion e : Emotion.values()) {
            series.put(e.label(), new ArrayList<>());
        }
        for (float[] p : t.pointProbabilities()) {
            for (Emotion e : Emotion.values()) {
                series.get(e.label()).add(round(p[e.index()], 4));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (t.framesPerPoint() > 1) {
            m.put("frames_per_point", t.framesPerPoint());
        }
        m.put("frame", t.pointFrames());
        m.put("time_ms", times);
        m.put("smoothed_probabilities", series);
        return m;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
