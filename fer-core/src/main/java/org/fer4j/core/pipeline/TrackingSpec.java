package org.fer4j.core.pipeline;

import org.fer4j.core.FerException;

/**
 * How faces are followed from frame to frame within a shot: a track waits up to {@code maxGap} frames for its face
 * before it ends, and a face continues a track when its centre lies within {@code maxShift} face sizes of the track's
 * last box (the allowance grows with the square root of the frames missed, as a random walk does) and its size differs
 * by at most a factor {@code maxScale}. The default is defined here once (measured on the shared clips, docs/ux.md).
 *
 * @param maxGap frames a track survives without a face, at least 0
 * @param maxShift largest centre shift for one frame, in face sizes (geometric mean of width and height), &gt; 0
 * @param maxScale largest size ratio between the track's last box and the face, at least 1
 */
public record TrackingSpec(int maxGap, double maxShift, double maxScale) {
    /** The default: 15 frames of patience, half a face per frame, sizes within a factor 1.5. */
    public static final TrackingSpec DEFAULT = new TrackingSpec(15, 0.5, 1.5);

    /** Checks the ranges. */
    public TrackingSpec {
        if (maxGap < 0) {
            throw new FerException("tracking: maxGap must be >= 0 frames, got " + maxGap);
        }
        if (!(maxShift > 0)) {
            throw new FerException("tracking: maxShift must be > 0 face sizes, got " + maxShift);
        }
        if (!(maxScale >= 1)) {
            throw new FerException("tracking: maxScale must be >= 1, got " + maxScale);
        }
    }

    /** @param frames frames a track survives without a face @return this spec with that gap */
    public TrackingSpec withMaxGap(int frames) {
        return new TrackingSpec(frames, maxShift, maxScale);
    }

    /** @return a fresh tracker with these settings */
    public FaceTracker newTracker() {
        return new FaceTracker(this);
    }

    @Override
    public String toString() {
        return "gap " + maxGap + " frames, shift " + maxShift + ", scale " + maxScale;
    }
}
