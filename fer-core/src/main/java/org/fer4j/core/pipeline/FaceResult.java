package org.fer4j.core.pipeline;

import java.util.Objects;

import org.fer4j.core.BoundingBox;
import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionPrediction;

/**
 * One face of one frame after the pipeline: this frame's prediction and the track's smoothed probabilities and label.
 * Show {@link #smoothedLabel()} with {@link #smoothedConfidence()}: the label is a most probable class of the smoothed
 * probabilities ({@link Smoothed} checks it), so the two always agree.
 *
 * @param track the face's track id, stable across the frames of a shot
 * @param box where it is in the frame
 * @param prediction this frame's prediction
 * @param smoothed the track's smoothed probabilities and label after this frame
 */
public record FaceResult(int track, BoundingBox box, ExpressionPrediction prediction, Smoothed smoothed) {
    /** Validates the fields. */
    public FaceResult {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(prediction, "prediction");
        Objects.requireNonNull(smoothed, "smoothed");
    }

    /** @return the label to show: the smoothed label */
    public Emotion smoothedLabel() {
        return smoothed.label();
    }

    /** @return the track's smoothed probabilities after this frame */
    public ExpressionPrediction smoothedProbabilities() {
        return smoothed.probabilities();
    }

    /** @return the number to show with the label: its smoothed probability */
    public float smoothedConfidence() {
        return smoothed.confidence();
    }
}
