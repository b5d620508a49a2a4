package org.fer4j.train;

import java.util.ArrayList;
import java.util.List;

import org.fer4j.core.Dataset;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.models.Preprocessing;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Evaluates a DJL model that is being trained (its block run in inference mode, no predictor or files needed) by
 * viewing it as an {@link ExpressionClassifier} for {@link ClassifierEvaluator}: one evaluation loop for trained and
 * deployed models alike.
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
        try (BlockClassifier c = new BlockClassifier(model, pre)) {
            return ClassifierEvaluator.evaluate(c, data, batchSize, flip);
        }
    }

    /** The model's block in inference mode as a classifier; scratch arrays live in a sub-manager per call. */
    private static final class BlockClassifier implements ExpressionClassifier {
        private final Model model;
        private final Preprocessing pre;
        private final NDManager base;
        private final ParameterStore ps;

        BlockClassifier(Model model, Preprocessing pre) {
            this.model = model;
            this.pre = pre;
            this.base = model.getNDManager().newSubManager();
            this.ps = new ParameterStore(base, false);
        }

        @Override
        public List<ExpressionPrediction> classifyAll(List<FaceImage> faces) {
            int n = faces.size();
            float[] x = pre.apply(faces);
            List<ExpressionPrediction> out = new ArrayList<>(n);
            try (NDManager mgr = base.newSubManager()) {
                NDArray input = mgr.create(x, new Shape(n, 1, FaceImage.SIZE, FaceImage.SIZE));
                float[] logits = model.getBlock().forward(ps, new NDList(input), false).singletonOrThrow().toFloatArray();
                int k = logits.length / Math.max(1, n);
                for (int i = 0; i < n; i++) {
                    float[] row = new float[k];
                    System.arraycopy(logits, i * k, row, 0, k);
                    out.add(ExpressionPrediction.fromLogits(row));
                }
            }
            return out;
        }

        @Override
        public void close() {
            base.close();
        }
    }
}
