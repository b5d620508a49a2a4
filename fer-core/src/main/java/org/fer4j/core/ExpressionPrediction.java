package org.fer4j.core;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The seven class probabilities a classifier gives one face, in {@link Emotion} order.
 *
 * <p>Immutable. Probabilities must each lie in [0, 1] and sum to 1 within 1e-3.
 */
public final class ExpressionPrediction {
    private final float[] probabilities;
    private final Emotion top;

    /**
     * @param probabilities seven probabilities in {@link Emotion} order; copied
     * @throws IllegalArgumentException on a wrong length, a value outside [0,1] or a sum far from 1
     */
    public ExpressionPrediction(float[] probabilities) {
        if (probabilities.length != Emotion.COUNT) {
            throw new IllegalArgumentException("expected 7 probabilities, got " + probabilities.length);
        }
        double sum = 0;
        int best = 0;
        for (int i = 0; i < probabilities.length; i++) {
            float p = probabilities[i];
            if (!(p >= 0f && p <= 1.0001f)) {
                throw new IllegalArgumentException("probability " + i + " is " + p + ", outside [0,1]");
            }
            sum += p;
            if (p > probabilities[best]) {
                best = i;
            }
        }
        if (Math.abs(sum - 1.0) > 1e-3) {
            throw new IllegalArgumentException("probabilities sum to " + sum + ", not 1");
        }
        this.probabilities = probabilities.clone();
        this.top = Emotion.fromIndex(best);
    }

    /**
     * Turns raw logits into a prediction with a numerically stable softmax.
     *
     * @param logits seven scores
     * @return the prediction
     */
    public static ExpressionPrediction fromLogits(float[] logits) {
        if (logits.length != Emotion.COUNT) {
            throw new IllegalArgumentException("expected 7 logits, got " + logits.length);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] e = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            e[i] = Math.exp(logits[i] - max);
            sum += e[i];
        }
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return new ExpressionPrediction(p);
    }

    /** @return the most probable emotion (the lowest index wins a tie) */
    public Emotion top() {
        return top;
    }

    /** @return the probability of {@link #top()} */
    public float confidence() {
        return probabilities[top.index()];
    }

    /** @param emotion a class @return its probability */
    public float probability(Emotion emotion) {
        return probabilities[emotion.index()];
    }

    /** @return a copy of the seven probabilities in {@link Emotion} order */
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** @return the probabilities keyed by emotion, in {@link Emotion} order */
    public Map<Emotion, Float> asMap() {
        Map<Emotion, Float> m = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.values()) {
            m.put(e, probabilities[e.index()]);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpressionPrediction && Arrays.equals(probabilities, ((ExpressionPrediction) o).probabilities);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return String.format("%s (%.3f) %s", top, confidence(), Arrays.toString(probabilities));
    }
}
