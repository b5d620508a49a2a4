package org.fer4j.train;

import java.util.ArrayList;
import java.util.List;

import org.fer4j.core.Dataset;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.core.metrics.ConfusionMatrix;

/**
 * Evaluates any {@link ExpressionClassifier} (either engine) on labelled faces, optionally averaging each face's
 * probabilities with its mirror image's (flip test-time augmentation, which doubles the cost).
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
        long t0 = System.nanoTime();
        ConfusionMatrix m = new ConfusionMatrix();
        double nll = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int n = Math.min(batchSize, data.size() - from);
            List<FaceImage> faces = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                faces.add(data.image(from + i));
            }
            List<ExpressionPrediction> preds = classifier.classifyAll(faces);
            List<ExpressionPrediction> mirrored = flip ? classifier.classifyAll(faces.stream().map(FaceImage::mirrored).toList()) : null;
            for (int i = 0; i < n; i++) {
                float[] p = preds.get(i).probabilities();
                if (flip) {
                    float[] q = mirrored.get(i).probabilities();
                    for (int k = 0; k < p.length; k++) {
                        p[k] = (p[k] + q[k]) / 2;
                    }
                }
                int truth = data.label(from + i).index();
                int best = 0;
                for (int k = 1; k < p.length; k++) {
                    if (p[k] > p[best]) {
                        best = k;
                    }
                }
                m.add(truth, best);
                nll -= Math.log(Math.max(1e-12, p[truth]));
            }
        }
        return new EvaluationReport(m, nll / Math.max(1, data.size()), (System.nanoTime() - t0) / 1e9, flip ? "flip" : "none");
    }
}
