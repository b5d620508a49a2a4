package org.fer4j.train;

import org.fer4j.core.Dataset;
import org.fer4j.core.FaceImage;
import org.fer4j.core.metrics.ConfusionMatrix;
import org.fer4j.models.Preprocessing;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Evaluates a DJL model (inference mode) on labelled faces in batches, optionally averaging the softmax of each face and
 * its mirror image (flip test-time augmentation).
 */
public final class ModelEvaluator {
    private ModelEvaluator() {
    }

    /**
     * @param model the model (PyTorch engine)
     * @param pre its preprocessing
     * @param data labelled faces
     * @param batchSize faces per forward pass
     * @param flip average with the mirrored face
     * @return the report
     */
    public static EvaluationReport evaluate(Model model, Preprocessing pre, Dataset data, int batchSize, boolean flip) {
        long t0 = System.nanoTime();
        ConfusionMatrix m = new ConfusionMatrix();
        double lossSum = 0;
        byte[] px = new byte[FaceImage.PIXELS];
        try (NDManager base = model.getNDManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(base, false);
            for (int from = 0; from < data.size(); from += batchSize) {
                int n = Math.min(batchSize, data.size() - from);
                float[] x = new float[n * FaceImage.PIXELS];
                int[] y = new int[n];
                for (int i = 0; i < n; i++) {
                    data.image(from + i).copyTo(px, 0);
                    pre.toGray(px, 0, x, i * FaceImage.PIXELS);
                    pre.normalize(x, i * FaceImage.PIXELS, FaceImage.PIXELS);
                    y[i] = data.label(from + i).index();
                }
                try (NDManager mgr = base.newSubManager()) {
                    NDArray input = mgr.create(x, new Shape(n, 1, FaceImage.SIZE, FaceImage.SIZE));
                    NDArray logp = model.getBlock().forward(ps, new NDList(input), false).singletonOrThrow().logSoftmax(1);
                    NDArray prob = logp.exp();
                    if (flip) {
                        NDArray mirrored = input.flip(3);
                        NDArray p2 = model.getBlock().forward(ps, new NDList(mirrored), false).singletonOrThrow().softmax(1);
                        prob = prob.add(p2).div(2);
                        logp = prob.log();
                    }
                    NDArray labels = mgr.create(y);
                    lossSum += logp.mul(labels.oneHot(7)).sum().neg().getFloat();
                    long[] pred = prob.argMax(1).toLongArray();
                    for (int i = 0; i < n; i++) {
                        m.add(y[i], (int) pred[i]);
                    }
                }
            }
        }
        return new EvaluationReport(m, lossSum / Math.max(1, data.size()), (System.nanoTime() - t0) / 1e9, flip ? "flip" : "none");
    }
}
