package org.fer4j.vision;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.fer4j.core.Emotion;
import org.fer4j.core.pipeline.FaceResult;
import org.fer4j.core.pipeline.FrameResult;

/** Per-track totals of a run: frames seen, first and last time, and the share of frames of each smoothed emotion. */
public final class AnalysisSummary {
    private final Map<Integer, long[]> counts = new TreeMap<>();
    private final Map<Integer, double[]> span = new TreeMap<>();
    private long frames;
    private long faces;

    /** @param r one frame's result */
    public void add(FrameResult r) {
        frames++;
        for (FaceResult f : r.faces()) {
            faces++;
            counts.computeIfAbsent(f.track(), k -> new long[Emotion.COUNT])[f.smoothedLabel().index()]++;
            double[] s = span.computeIfAbsent(f.track(), k -> new double[] {r.timeMs(), r.timeMs()});
            s[1] = r.timeMs();
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
        return counts.size();
    }

    /** @return a JSON-ready map: frames, faces and one entry per track */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", frames);
        m.put("faces", faces);
        Map<String, Object> tracks = new LinkedHashMap<>();
        for (Map.Entry<Integer, long[]> e : counts.entrySet()) {
            long n = 0;
            for (long c : e.getValue()) {
                n += c;
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("frames", n);
            t.put("first_ms", span.get(e.getKey())[0]);
            t.put("last_ms", span.get(e.getKey())[1]);
            Map<String, Double> share = new LinkedHashMap<>();
            for (Emotion em : Emotion.values()) {
                share.put(em.label(), (double) e.getValue()[em.index()] / n);
            }
            t.put("emotion_share", share);
            tracks.put(String.valueOf(e.getKey()), t);
        }
        m.put("tracks", tracks);
        return m;
    }
}
