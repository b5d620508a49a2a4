package org.fer4j.core.metrics;

import org.fer4j.core.Emotion;

/**
 * Counts of (true class, predicted class) pairs over the seven emotions, and the metrics derived
 * from them. Rows are true classes and columns predicted classes, both in {@link Emotion} order.
 *
 * <p>Mutable while it is filled with {@link #add}; not thread-safe.
 */
public final class ConfusionMatrix {
    private static final int N = Emotion.COUNT;
    private final long[][] counts = new long[N][N];
    private long total;

    /**
     * Records one prediction.
     *
     * @param truth the true class
     * @param predicted the predicted class
     */
    public void add(Emotion truth, Emotion predicted) {
        add(truth.index(), predicted.index());
    }

    /** @param truth true label 0..6 @param predicted predicted label 0..6 */
    public void add(int truth, int predicted) {
        counts[truth][predicted]++;
        total++;
    }

    /** @param other counts to add to this matrix */
    public void addAll(ConfusionMatrix other) {
        for (int t = 0; t < N; t++) {
            for (int p = 0; p < N; p++) {
                counts[t][p] += other.counts[t][p];
            }
        }
        total += other.total;
    }

    /** @param truth true class @param predicted predicted class @return how many times that pair occurred */
    public long count(Emotion truth, Emotion predicted) {
        return counts[truth.index()][predicted.index()];
    }

    /** @return a copy of the 7x7 counts, rows = true class */
    public long[][] counts() {
        long[][] c = new long[N][];
        for (int i = 0; i < N; i++) {
            c[i] = counts[i].clone();
        }
        return c;
    }

    /** @return the number of predictions recorded */
    public long total() {
        return total;
    }

    /** @return share of correct predictions, 0 when empty */
    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < N; i++) {
            correct += counts[i][i];
        }
        return total == 0 ? 0 : (double) correct / total;
    }

    /** @param e a class @return how many faces truly of that class were seen */
    public long support(Emotion e) {
        long s = 0;
        for (int p = 0; p < N; p++) {
            s += counts[e.index()][p];
        }
        return s;
    }

    /** @param e a class @return TP / (TP + FP); 0 when the class was never predicted */
    public double precision(Emotion e) {
        int c = e.index();
        long predicted = 0;
        for (int t = 0; t < N; t++) {
            predicted += counts[t][c];
        }
        return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
    }

    /** @param e a class @return TP / (TP + FN); 0 when the class never occurred */
    public double recall(Emotion e) {
        long s = support(e);
        return s == 0 ? 0 : (double) counts[e.index()][e.index()] / s;
    }

    /** @param e a class @return harmonic mean of precision and recall; 0 when both are 0 */
    public double f1(Emotion e) {
        double p = precision(e);
        double r = recall(e);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** @return unweighted mean of the per-class precisions */
    public double macroPrecision() {
        double s = 0;
        for (Emotion e : Emotion.values()) {
            s += precision(e);
        }
        return s / N;
    }

    /** @return unweighted mean of the per-class recalls */
    public double macroRecall() {
        double s = 0;
        for (Emotion e : Emotion.values()) {
            s += recall(e);
        }
        return s / N;
    }

    /** @return unweighted mean of the per-class F1 scores */
    public double macroF1() {
        double s = 0;
        for (Emotion e : Emotion.values()) {
            s += f1(e);
        }
        return s / N;
    }

    /** @return a plain-text table with per-class precision, recall, F1 and support */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-10s %9s %9s %9s %8s%n", "class", "precision", "recall", "f1", "support"));
        for (Emotion e : Emotion.values()) {
            sb.append(String.format("%-10s %9.4f %9.4f %9.4f %8d%n", e.label(), precision(e), recall(e), f1(e), support(e)));
        }
        sb.append(String.format("%-10s %9.4f %9.4f %9.4f %8d%n", "macro", macroPrecision(), macroRecall(), macroF1(), total));
        sb.append(String.format("accuracy %.4f%n", accuracy()));
        return sb.toString();
    }
}
