package org.fer4j.core.pipeline;

import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionPrediction;

/** Mean of the probability vectors of the last {@code window} frames; the label is the argmax of the mean. */
public final class WindowMeanSmoother implements Smoother {
    private final double[][] ring;
    private final double[] sum = new double[Emotion.COUNT];
    private int size;
    private int next;

    /** @param window number of frames averaged, at least 1 */
    public WindowMeanSmoother(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        ring = new double[window][Emotion.COUNT];
    }

    @Override
    public Smoothed update(ExpressionPrediction prediction) {
        float[] p = prediction.probabilities();
        double[] slot = ring[next];
        for (int i = 0; i < p.length; i++) {
            if (size == ring.length) {
                sum[i] -= slot[i];
            }
            slot[i] = p[i];
            sum[i] += p[i];
        }
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        return Smoothed.of(normalized(sum));
    }

    /** Scales non-negative weights to probabilities; rounding drift of running sums stays far below the 1e-3 check. */
    static ExpressionPrediction normalized(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += Math.max(0, w);
        }
        float[] p = new float[weights.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (Math.max(0, weights[i]) / total);
        }
        return new ExpressionPrediction(p);
    }
}
