package org.fer4j.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Running mean of class distributions, one per face: the one place where the probabilities of several ensemble
 * members, test-time views or teachers are averaged, so the three agree on how (an unweighted mean of probabilities,
 * not of logits; each face divided by the number of distributions it received).
 *
 * <p>Not thread-safe; one instance per averaging job.
 */
public final class ProbabilityMean {
    private final double[][] sum;
    private final int[] count;

    /** @param faces number of faces (rows) to average over; 0 or more */
    public ProbabilityMean(int faces) {
        if (faces < 0) {
            throw new IllegalArgumentException("number of faces must be >= 0, got " + faces);
        }
        this.sum = new double[faces][];
        this.count = new int[faces];
    }

    /**
     * Adds one distribution to one face.
     *
     * @param face row index
     * @param probabilities the face's class probabilities; every distribution of a face must have the same length
     * @throws IllegalArgumentException when the length differs from the face's earlier distributions
     */
    public void add(int face, float[] probabilities) {
        double[] s = sum[face];
        if (s == null) {
            s = new double[probabilities.length];
            sum[face] = s;
        } else if (s.length != probabilities.length) {
            throw new IllegalArgumentException("face " + face + ": " + probabilities.length + " probabilities after "
                    + s.length + " before");
        }
        for (int k = 0; k < probabilities.length; k++) {
            s[k] += probabilities[k];
        }
        count[face]++;
    }

    /**
     * Adds a batch of predictions to consecutive faces.
     *
     * @param firstFace row of the first prediction
     * @param predictions one prediction per face, from {@code firstFace} on
     */
    public void addAll(int firstFace, List<ExpressionPrediction> predictions) {
        for (int i = 0; i < predictions.size(); i++) {
            add(firstFace + i, predictions.get(i).probabilities());
        }
    }

    /**
     * @return per face the mean distribution (a new array each call)
     * @throws IllegalStateException when a face has received no distribution
     */
    public float[][] means() {
        float[][] out = new float[sum.length][];
        for (int i = 0; i < sum.length; i++) {
            if (count[i] == 0) {
                throw new IllegalStateException("face " + i + " of " + sum.length + " has no distribution to average");
            }
            out[i] = new float[sum[i].length];
            for (int k = 0; k < out[i].length; k++) {
                out[i][k] = (float) (sum[i][k] / count[i]);
            }
        }
        return out;
    }

    /** @return per face the mean as a prediction (seven classes) */
    public List<ExpressionPrediction> predictions() {
        float[][] m = means();
        List<ExpressionPrediction> out = new ArrayList<>(m.length);
        for (float[] p : m) {
            out.add(new ExpressionPrediction(p));
        }
        return out;
    }
}
