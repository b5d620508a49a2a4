package org.fer4j.core.pipeline;

import java.util.Objects;

import org.fer4j.core.BoundingBox;
import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionPrediction;

/**
 * One face of one frame after the pipeline.
 *
 * @param track the face's track id, stable across frames
 * @param box where it is in the frame
 * @param prediction this frame's prediction
 * @param smoothedLabel the track's smoothed label after this frame
 */
public record FaceResult(int track, BoundingBox box, ExpressionPrediction prediction, Emotion smoothedLabel) {
    /** Validates the fields. */
    public FaceResult {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(smoothedLabel, "smoothedLabel");
    }
}
