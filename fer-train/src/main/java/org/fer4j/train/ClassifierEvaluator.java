package org.fer4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

import org.fer4j.core.Dataset;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.core.ProbabilityMean;
import org.fer4j.core.metrics.ConfusionMatrix;
import org.fer4j.data.FerDataException;

/**
 * Evaluates any {@link ExpressionClassifier} (either engine) on labelled faces, optionally averaging the probabilities of several
 * views of each face ({@link Tta}; each view costs one more pass).
 */
public final class ClassifierEvaluator {
    private ClassifierEvaluator() {
    }

    /**
     * @param classifier the classifier
     * @param data labelled faces
     * @param batchSize faces per call
     * @param flip flip test-time augmentation
     * @return the report (loss = mean negative log-probability of the true class)
     */
    public static EvaluationReport evaluate(ExpressionClassifier classifier, Dataset data, int batchSize, boolean flip) {
        return evaluate(classifier, data, batchSize, flip ? Tta.FLIP : Tta.NONE);
    }

    /**
     * @param classifier the classifier
     * @param data labelled faces
     * @param batchSize faces per call
     * @param tta views of each face whose probabilities are averaged
     * @return the report (loss = mean negative log-probability of the true class)
     * @throws FerDataException when {@code data} holds no face: an accuracy of nothing is not a result
     */
    public static EvaluationReport evaluate(ExpressionClassifier classifier, Dataset data, int batchSize, Tta tta) {
        if (data.size() == 0) {
            throw new FerDataException("the evaluation set", 0, "no faces to evaluate");
        }
        long t0 = System.nanoTime();
        float[][] p = probabilities(classifier, data, batchSize, tta);
        ConfusionMatrix m = new ConfusionMatrix();
        double nll = 0;
        for (int i = 0; i < p.length; i++) {
            int truth = data.label(i).index();
            m.add(truth, new ExpressionPrediction(p[i]).top().index());
            nll -= Math.log(Math.max(1e-12, p[i][truth]));
        }
        return new EvaluationReport(m, nll / Math.max(1, data.size()), (System.nanoTime() - t0) / 1e9, tta.label());
    }

    /**
     * @param classifier the classifier
     * @param data faces (labels are not read)
     * @param batchSize faces per call
     * @param tta views of each face whose probabilities are averaged
     * @return per face, the seven class probabilities averaged over the views
     */
    public static float[][] probabilities(ExpressionClassifier classifier, Dataset data, int batchSize, Tta tta) {
        ProbabilityMean mean = new ProbabilityMean(data.size());
        addViews(classifier, data, batchSize, tta, mean, done -> { });
        return mean.means();
    }

    /**
     * Adds every view's probabilities of every face to {@code into} (row i = face i); several classifiers with the same
     * views can share one mean, which then equals the mean of their per-classifier means. {@code facesDone} hears the
     * number of faces finished (all views) after each batch, for progress on long passes.
     */
    static void addViews(ExpressionClassifier classifier, Dataset data, int batchSize, Tta tta, ProbabilityMean into,
            IntConsumer facesDone) {
        for (int from = 0; from < data.size(); from += batchSize) {
            int n = Math.min(batchSize, data.size() - from);
            List<FaceImage> faces = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                faces.add(data.image(from + i));
            }
            for (int v = 0; v < tta.passes(); v++) {
                int view = v;
                into.addAll(from, classifier.classifyAll(v == 0 ? faces : faces.stream().map(f -> tta.view(f, view)).toList()));
            }
            facesDone.accept(from + n);
        }
    }
}
