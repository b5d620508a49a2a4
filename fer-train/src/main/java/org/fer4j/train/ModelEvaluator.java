package org.fer4j.train;

import java.util.ArrayList;
import java.util.List;

import org.fer4j.core.Dataset;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.models.BlockInference;
import org.fer4j.models.Preprocessing;

import ai.djl.Model;

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

    /** The model's block in inference mode as a classifier. */
    private static final class BlockClassifier implements ExpressionClassifier {
        private final BlockInference block;

        BlockClassifier(Model model, Preprocessing pre) {
            this.block = new BlockInference(model, pre);
        }

        @Override
        public List<ExpressionPrediction> classifyAll(List<FaceImage> faces) {
            float[][] logits = block.logits(faces);
            List<ExpressionPrediction> out = new ArrayList<>(logits.length);
            for (float[] row : logits) {
                out.add(ExpressionPrediction.fromLogits(row));
            }
            return out;
        }

        @Override
        public void close() {
            block.close();
        }
    }
}
