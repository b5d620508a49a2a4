package org.fer4j.vision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.fer4j.core.Emotion;
import org.fer4j.core.pipeline.FaceResult;
import org.fer4j.core.pipeline.FrameResult;

/**
 * Totals of a run: frames, faces, shot cuts and, per track, its span, the share of frames of each smoothed emotion, the
 * mean confidence shown and its timeline (the smoothed probabilities of every frame it was seen in).
 */
public final class AnalysisSummary {
    /** Most points per track in the summary JSON's timeline; longer tracks are averaged in equal runs of frames. */
    public static final int MAX_JSON_POINTS = 1000;

    private final Map<Integer, Track> tracks = new TreeMap<>();
    private final List<Long> cuts = new ArrayList<>();
    private final List<Double> cutTimes = new ArrayList<>();
    private long frames;
    private long faces;
    private double lastMs;

    /** One track's totals and timeline, filled frame by frame. */
    public static final class Track {
        private final int id;
        private final long firstFrame;
        private final double firstMs;
        private long lastFrame;
        private double lastMs;
        private final long[] labelCounts = new long[Emotion.COUNT];
        private double confidenceSum;
        private final List<Long> pointFrames = new ArrayList<>();
        private final List<Double> pointTimes = new ArrayList<>();
        private final List<float[]> pointProbabilities = new ArrayList<>();

        private Track(int id, long frame, double timeMs) {
            this.id = id;
            this.firstFrame = frame;
            this.firstMs = timeMs;
        }

        private void add(long frame, double timeMs, FaceResult f) {
            lastFrame = frame;
            lastMs = timeMs;
            labelCounts[f.smoothedLabel().index()]++;
            confidenceSum += f.smoothedConfidence();
            pointFrames.add(frame);
            pointTimes.add(timeMs);
            pointProbabilities.add(f.smoothedProbabilities().probabilities());
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
            return pointFrames.size();
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

        /** @return frame number of each timeline point */
        public List<Long> pointFrames() {
            return Collections.unmodifiableList(pointFrames);
        }

        /** @return time of each timeline point, ms */
        public List<Double> pointTimes() {
            return Collections.unmodifiableList(pointTimes);
        }

        /** @return the seven smoothed probabilities of each timeline point (do not modify) */
        public List<float[]> pointProbabilities() {
            return Collections.unmodifiableList(pointProbabilities);
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
        for (FaceResult f : r.faces()) {
            faces++;
            tracks.computeIfAbsent(f.track(), k -> new Track(k, r.frame(), r.timeMs())).add(r.frame(), r.timeMs(), f);
        }
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

    /** The track's smoothed probabilities over time; tracks longer than {@link #MAX_JSON_POINTS} are averaged in runs. */
    private static Map<String, Object> timeline(Track t) {
        int n = (int) t.frames();
        int per = (n + MAX_JSON_POINTS - 1) / MAX_JSON_POINTS;
        List<Long> frameList = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        Map<String, List<Double>> series = new LinkedHashMap<>();
        for (Emotion e : Emotion.values()) {
            series.put(e.label(), new ArrayList<>());
        }
        for (int start = 0; start < n; start += per) {
            int end = Math.min(n, start + per);
            frameList.add(t.pointFrames.get(start));
            times.add(round(t.pointTimes.get(start), 3));
            for (Emotion e : Emotion.values()) {
                double sum = 0;
                for (int i = start; i < end; i++) {
                    sum += t.pointProbabilities.get(i)[e.index()];
                }
                series.get(e.label()).add(round(sum / (end - start), 4));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (per > 1) {
            m.put("frames_per_point", per);
        }
        m.put("frame", frameList);
        m.put("time_ms", times);
        m.put("smoothed_probabilities", series);
        return m;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
