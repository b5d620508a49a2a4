package org.fer4j.core.pipeline;

import java.util.ArrayDeque;

import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionPrediction;

/**
 * The most frequent top label among the last {@code window} frames (the tutorial's 10-label mode). Its probabilities
 * are the labels' shares of the window's votes, so the number shown with the label is the share of frames that voted
 * for it. Ties go to the most recent of the tied labels, so the output follows a change as soon as it is a majority.
 */
public final class LabelModeSmoother implements Smoother {
    private final int window;
    private final ArrayDeque<Emotion> recent = new ArrayDeque<>();
    private final double[] counts = new double[Emotion.COUNT];

    /** @param window number of frames remembered, at least 1 */
    public LabelModeSmoother(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        this.window = window;
    }

    @Override
    public Smoothed update(ExpressionPrediction prediction) {
        Emotion e = prediction.top();
        recent.addLast(e);
        counts[e.index()]++;
        if (recent.size() > window) {
            counts[recent.removeFirst().index()]--;
        }
        double best = counts[e.index()];
        Emotion mode = e;
        for (Emotion c : Emotion.values()) {
            if (counts[c.index()] > best) {
                best = counts[c.index()];
                mode = c;
            }
        }
        return new Smoothed(WindowMeanSmoother.normalized(counts), mode);
    }
}
