package org.fer4j.core.pipeline;

import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionPrediction;

/**
 * Temporal smoothing of one face track's predictions. One instance per track: never share one
 * across faces (the tutorial's demo did, mixing everyone's labels).
 */
public interface Smoother {
    /**
     * @param prediction this frame's prediction for the track
     * @return the smoothed label after taking it into account
     */
    Emotion update(ExpressionPrediction prediction);
}
