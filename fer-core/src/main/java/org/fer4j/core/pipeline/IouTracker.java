package org.fer4j.core.pipeline;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fer4j.core.BoundingBox;

/**
 * Gives faces stable track ids across frames by box overlap: each box takes the free track whose last
 * box overlaps it most (IoU at least {@code minIou}); unmatched boxes open new tracks; tracks unseen for
 * more than {@code maxMissed} frames are dropped.
 */
public final class IouTracker {
    private final double minIou;
    private final int maxMissed;
    private final Map<Integer, Track> tracks = new LinkedHashMap<>();
    private int nextId;

    private static final class Track {
        BoundingBox box;
        int missed;

        Track(BoundingBox box) {
            this.box = box;
        }
    }

    /**
     * @param minIou least overlap for a box to continue a track, in (0, 1]
     * @param maxMissed frames a track survives without a match
     */
    public IouTracker(double minIou, int maxMissed) {
        if (!(minIou > 0 && minIou <= 1)) {
            throw new IllegalArgumentException("minIou must be in (0,1], got " + minIou);
        }
        if (maxMissed < 0) {
            throw new IllegalArgumentException("maxMissed must be >= 0, got " + maxMissed);
        }
        this.minIou = minIou;
        this.maxMissed = maxMissed;
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
        // greedy on the best-overlapping pair first, which is what a human would match
        while (true) {
            double best = minIou;
            int bestBox = -1;
            Integer bestTrack = null;
            for (int b = 0; b < boxes.size(); b++) {
                if (assigned[b]) {
                    continue;
                }
                for (Integer t : free) {
                    double iou = tracks.get(t).box.iou(boxes.get(b));
                    if (iou >= best) {
                        best = iou;
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
            if (it.next().missed > maxMissed) {
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

    /** @return ids of the tracks alive now */
    public List<Integer> liveTracks() {
        return new ArrayList<>(tracks.keySet());
    }
}
