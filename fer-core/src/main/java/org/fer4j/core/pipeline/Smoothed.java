package org.fer4j.core.pipeline;

import java.util.Objects;

import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionPrediction;

/**
 * What a {@link Smoother} shows for a track after one frame: smoothed probabilities and the label shown with them.
 * The label is always a most probable class of the probabilities, so a label is never shown beside a number that
 * contradicts it.
 *
 * @param probabilities the track's smoothed probabilities
 * @param label the label shown, a class of highest smoothed probability (a smoother may choose among tied classes)
 */
public record Smoothed(ExpressionPrediction probabilities, Emotion label) {
    /** Tolerance for ties between the label's probability and the highest one. */
    private static final float TIE = 1e-6f;

    /** Checks that the label is a class of highest probability. */
    public Smoothed {
        Objects.requireNonNull(probabilities, "probabilities");
        Objects.requireNonNull(label, "label");
        if (probabilities.probability(label) < probabilities.confidence() - TIE) {
            throw new IllegalArgumentException("smoothed label " + label + " (" + probabilities.probability(label)
                    + ") is not the most probable class of " + probabilities);
        }
    }

    /**
     * @param probabilities smoothed probabilities
     * @return them with their most probable class as the label
     */
    public static Smoothed of(ExpressionPrediction probabilities) {
        return new Smoothed(probabilities, probabilities.top());
    }

    /** @return the smoothed probability of the label, the number shown with it */
    public float confidence() {
        return probabilities.probability(label);
    }
}
