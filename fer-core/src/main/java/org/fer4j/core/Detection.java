package org.fer4j.core;

import java.util.Objects;

/**
 * One face found by a {@link FaceDetector}.
 *
 * @param box where the face is
 * @param score detector confidence; cascades that give none report 1
 */
public record Detection(BoundingBox box, float score) {
    /** Validates the fields. */
    public Detection {
        Objects.requireNonNull(box, "box");
        if (!Float.isFinite(score)) {
            throw new IllegalArgumentException("score must be finite, got " + score);
        }
    }
}
