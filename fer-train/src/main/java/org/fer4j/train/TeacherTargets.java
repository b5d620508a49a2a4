package org.fer4j.train;

import java.util.List;

import org.fer4j.core.Dataset;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.ProbabilityMean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Soft targets for knowledge distillation: the class probabilities that trained models of our own (the teachers)
 * give each training face, averaged over the teachers and test-time views and softened by a temperature. Pass the
 * result to {@link FerTrainer#optSoftLabels(float[][])} with a soft-label weight.
 *
 * <p>The teachers see each face once, unaugmented, before training ("offline" distillation): the student then
 * learns from the same targets under every augmentation of that face. It costs one inference pass per teacher and
 * view over the training set instead of a teacher pass in every training step.
 */
public final class TeacherTargets {
    private static final Logger LOG = LoggerFactory.getLogger(TeacherTargets.class);

    private TeacherTargets() {
    }

    /**
     * @param teachers trained classifiers, at least one
     * @param faces the training faces, in training order
     * @param batchSize faces per classifier call
     * @param tta views of each face averaged per teacher
     * @param temperature 1 keeps the averaged probabilities; above 1 flattens them (p^(1/T), renormalised), which
     *     is softmax(logits / T) for a single view and teacher
     * @return per face, a seven-class distribution
     */
    public static float[][] of(List<? extends ExpressionClassifier> teachers, Dataset faces, int batchSize, Tta tta, float temperature) {
        if (teachers.isEmpty()) {
            throw new IllegalArgumentException("distillation needs at least one teacher");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        long t0 = System.nanoTime();
        ProbabilityMean teacherMean = new ProbabilityMean(faces.size());
        for (int t = 0; t < teachers.size(); t++) {
            // every teacher adds the same views, so one mean over all of them is the mean of the teachers' means
            ClassifierEvaluator.addViews(teachers.get(t), faces, batchSize, tta, teacherMean);
            LOG.info("teacher {}/{}: {} faces x {} views in {} s", t + 1, teachers.size(), faces.size(), tta.passes(),
                    String.format("%.0f", (System.nanoTime() - t0) / 1e9));
        }
        float[][] mean = teacherMean.means();
        for (float[] d : mean) {
            soften(d, temperature);
        }
        return mean;
    }

    /** Raises each probability to 1/T and renormalises, in place. */
    static void soften(float[] p, float temperature) {
        if (temperature == 1f) {
            return;
        }
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) Math.pow(Math.max(p[k], 1e-12), 1.0 / temperature);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) (p[k] / sum);
        }
    }

    /**
     * @param soft per face a distribution
     * @param faces the labelled faces
     * @return share of faces whose distribution's most likely class is the face's label
     */
    public static double agreement(float[][] soft, Dataset faces) {
        int same = 0;
        for (int i = 0; i < soft.length; i++) {
            same += new ExpressionPrediction(soft[i]).top() == faces.label(i) ? 1 : 0;
        }
        return (double) same / Math.max(1, soft.length);
    }
}
