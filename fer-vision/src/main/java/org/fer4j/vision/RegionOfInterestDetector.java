package org.fer4j.vision;

import java.util.ArrayList;
import java.util.List;

import org.fer4j.core.BoundingBox;
import org.fer4j.core.Detection;
import org.fer4j.core.FaceDetector;
import org.opencv.core.Mat;

/**
 * Video detection that scans the whole frame only every n-th frame and, in between, looks for each known face only
 * near its last box and at about its last size. A full Haar scan of a 640x480 frame costs 10-40 ms on two cores; a
 * region scan around one face costs a small fraction of that, because both the area and the range of window sizes
 * shrink. Unlike {@link EveryNthFrameDetector} the boxes follow the faces on every frame.
 *
 * <p>Rules: while no face is tracked every frame is scanned in full (no saving, no loss: a face appears as soon as
 * the full detector sees it); a face not re-found in its region is dropped and the next frame is scanned in full; a
 * new face beside tracked ones appears at the next full scan, at most {@code n - 1} frames late; when the regions
 * together would cover more than half the frame, a full scan is cheaper and is done instead. Region scans run at full
 * resolution over few window sizes, so they re-find a known face on frames where the full (downscaled) scan misses it. Not thread-safe; closing closes
 * the wrapped detector.
 */
public final class RegionOfInterestDetector implements FaceDetector<Mat> {
    /** Margin around the last box, as a fraction of its width on each side: room for a head turning or walking. */
    public static final double DEFAULT_MARGIN = 0.3;
    private static final double MIN_SIZE = 0.75;
    private static final double MAX_SIZE = 1.35;

    private final CascadeFaceDetector inner;
    private final int fullEvery;
    private final double margin;
    private long sinceFull = Long.MAX_VALUE;
    private boolean forceFull = true;
    private List<Detection> last = List.of();
    private long fullScans;
    private long regionScans;

    /**
     * @param inner the cascade used for both kinds of scan
     * @param fullEvery scan the whole frame every this many frames (1 = always, which makes this a plain detector)
     */
    public RegionOfInterestDetector(CascadeFaceDetector inner, int fullEvery) {
        this(inner, fullEvery, DEFAULT_MARGIN);
    }

    /**
     * @param inner the cascade used for both kinds of scan
     * @param fullEvery scan the whole frame every this many frames
     * @param margin region around the last box, as a fraction of its width added on each side
     */
    public RegionOfInterestDetector(CascadeFaceDetector inner, int fullEvery, double margin) {
        if (fullEvery < 1) {
            throw new IllegalArgumentException("fullEvery must be >= 1, got " + fullEvery);
        }
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("margin must be >= 0, got " + margin);
        }
        this.inner = inner;
        this.fullEvery = fullEvery;
        this.margin = margin;
    }

    @Override
    public List<Detection> detect(Mat frame) {
        if (forceFull || last.isEmpty() || sinceFull + 1 >= fullEvery || regionsTooLarge(frame)) {
            last = List.copyOf(inner.detect(frame));
            sinceFull = 0;
            forceFull = false;
            fullScans++;
            return last;
        }
        sinceFull++;
        List<Detection> next = new ArrayList<>(last.size());
        for (Detection d : last) {
            BoundingBox b = d.box();
            regionScans++;
            List<Detection> found = inner.detectIn(frame, region(b), (int) Math.floor(b.width() * MIN_SIZE),
                    (int) Math.ceil(b.width() * MAX_SIZE));
            Detection best = null;
            for (Detection f : found) {
                if (best == null || f.box().iou(b) > best.box().iou(b)) {
                    best = f;
                }
            }
            if (best == null) {
                forceFull = true;
                continue;
            }
            Detection chosen = best;
            if (next.stream().noneMatch(n -> n.box().iou(chosen.box()) > 0.5)) {
                next.add(chosen);
            }
        }
        last = List.copyOf(next);
        return last;
    }

    private BoundingBox region(BoundingBox b) {
        int m = (int) Math.round(b.width() * margin);
        return new BoundingBox(b.x() - m, b.y() - m, b.width() + 2 * m, b.height() + 2 * m);
    }

    private boolean regionsTooLarge(Mat frame) {
        long area = 0;
        for (Detection d : last) {
            BoundingBox r = region(d.box()).clip(frame.cols(), frame.rows());
            area += r == null ? 0 : r.area();
        }
        return area * 2 > (long) frame.cols() * frame.rows();
    }

    /** @return whole-frame scans so far */
    public long fullScans() {
        return fullScans;
    }

    /** @return single-face region scans so far */
    public long regionScans() {
        return regionScans;
    }

    @Override
    public void close() {
        inner.close();
    }
}
