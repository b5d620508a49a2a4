package org.fer4j.core.pipeline;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.fer4j.core.BoundingBox;

/**
 * Gives faces track ids across the frames of one shot by position and size ({@link TrackingSpec}): the closest
 * face-track pairs are matched first; unmatched faces open new tracks; a track unmatched for more than
 * {@code maxGap} frames ends. Ids count up from 0 in order of appearance and are never reused, also across
 * {@link #reset()}, so equal detections always give equal ids.
 */
public final class FaceTracker {
    private final TrackingSpec spec;
    private final Map<Integer, Track> tracks = new LinkedHashMap<>();
    private int nextId;

    private static final class Track {
        BoundingBox box;
        int missed;

        Track(BoundingBox box) {
            this.box = box;
        }
    }

    /** @param spec matching and patience settings */
    public FaceTracker(TrackingSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /**
     * Assigns track ids to this frame's boxes.
     *
     * @param boxes the boxes of one frame
     * @return the track id of each box, in order
     */
    public int[] update(List<BoundingBox> boxes) {
        int[] ids = new int[boxes.size()];
        boolean[] assigned = new boolean[boxes.size()];
        List<Integer> free = new ArrayList<>(tracks.keySet());
        // greedy, closest pair first; strict '<' keeps the earliest track and box on ties, so ids are deterministic
        while (true) {
            double best = Double.POSITIVE_INFINITY;
            int bestBox = -1;
            Integer bestTrack = null;
            for (int b = 0; b < boxes.size(); b++) {
                if (assigned[b]) {
                    continue;
                }
                for (Integer t : free) {
                    double cost = cost(tracks.get(t), boxes.get(b));
                    if (cost < best) {
                        best = cost;
                        bestBox = b;
                        bestTrack = t;
                    }
                }
            }
            if (bestBox < 0) {
                break;
            }
            assigned[bestBox] = true;
            ids[bestBox] = bestTrack;
            free.remove(bestTrack);
            Track tr = tracks.get(bestTrack);
            tr.box = boxes.get(bestBox);
            tr.missed = 0;
        }
        for (Integer t : free) {
            tracks.get(t).missed++;
        }
        for (Iterator<Track> it = tracks.values().iterator(); it.hasNext();) {
            if (it.next().missed > spec.maxGap()) {
                it.remove();
            }
        }
        for (int b = 0; b < boxes.size(); b++) {
            if (!assigned[b]) {
                ids[b] = nextId;
                tracks.put(nextId++, new Track(boxes.get(b)));
            }
        }
        return ids;
    }

    /**
     * @return the centre distance in face sizes, or infinity when the box cannot continue the track; the allowance
     *     grows with the square root of the frames missed because a face moves on while the detector misses it
     */
    private double cost(Track t, BoundingBox b) {
        double st = Math.sqrt((double) t.box.width() * t.box.height());
        double sb = Math.sqrt((double) b.width() * b.height());
        if (st <= 0 || sb <= 0 || Math.max(st / sb, sb / st) > spec.maxScale()) {
            return Double.POSITIVE_INFINITY;
        }
        double dx = (t.box.x() + t.box.width() / 2.0) - (b.x() + b.width() / 2.0);
        double dy = (t.box.y() + t.box.height() / 2.0) - (b.y() + b.height() / 2.0);
        double shift = Math.sqrt(dx * dx + dy * dy) / st;
        return shift <= spec.maxShift() * Math.sqrt(1 + t.missed) ? shift : Double.POSITIVE_INFINITY;
    }

    /** Ends every track (a shot cut); ids keep counting up. */
    public void reset() {
        tracks.clear();
    }

    /** @return ids of the tracks alive now */
    public List<Integer> liveTracks() {
        return new ArrayList<>(tracks.keySet());
    }
}
