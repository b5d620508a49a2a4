package org.fer4j.core.pipeline;

import org.fer4j.core.ExpressionPrediction;

/**
 * Temporal smoothing of one face track's predictions. One instance per track: never share one
 * across faces (the tutorial's demo did, mixing everyone's labels). {@link SmoothingSpec} makes them.
 */
public interface Smoother {
    /**
     * @param prediction this frame's prediction for the track
     * @return the track's smoothed probabilities and label after taking it into account
     */
    Smoothed update(ExpressionPrediction prediction);
}
