package org.fer4j.core.pipeline;

import org.fer4j.core.ExpressionPrediction;

/** Exponential moving average of the probability vectors; the label is the argmax of the average. */
public final class EmaSmoother implements Smoother {
    private final double alpha;
    private double[] average;

    /** @param alpha weight of the newest frame, in (0, 1] */
    public EmaSmoother(double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0,1], got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public Smoothed update(ExpressionPrediction prediction) {
        float[] p = prediction.probabilities();
        if (average == null) {
            average = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                average[i] = p[i];
            }
        } else {
            for (int i = 0; i < p.length; i++) {
                average[i] = alpha * p[i] + (1 - alpha) * average[i];
            }
        }
        return Smoothed.of(WindowMeanSmoother.normalized(average));
    }
}
