package org.fer4j.models.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.models.Preprocessing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * A batch of faces to a (N, 1, 48, 48) tensor with the model's registered {@link Preprocessing}, and (N, 7) logits back
 * to predictions (softmax in Java, in double precision, the same for both engines).
 */
public final class FaceTranslator implements NoBatchifyTranslator<List<FaceImage>, List<ExpressionPrediction>> {
    private final Preprocessing preprocessing;

    /** @param preprocessing the model's input transform */
    public FaceTranslator(Preprocessing preprocessing) {
        this.preprocessing = preprocessing;
    }

    /**
     * @param faces faces
     * @return their input values, (N x 2304) row-major, exactly as the network receives them
     */
    public float[] toInput(List<FaceImage> faces) {
        return preprocessing.apply(faces);
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<FaceImage> faces) {
        NDArray x = ctx.getNDManager().create(toInput(faces), new Shape(faces.size(), 1, FaceImage.SIZE, FaceImage.SIZE));
        x.setName("input");
        return new NDList(x);
    }

    @Override
    public List<ExpressionPrediction> processOutput(TranslatorContext ctx, NDList list) {
        NDArray logits = list.get(0);
        float[] v = logits.toFloatArray();
        int classes = (int) logits.getShape().get(1);
        List<ExpressionPrediction> out = new ArrayList<>(v.length / classes);
        float[] row = new float[classes];
        for (int i = 0; i < v.length; i += classes) {
            System.arraycopy(v, i, row, 0, classes);
            for (float x : row) {
                if (!Float.isFinite(x)) {
                    throw new IllegalStateException("the model's output for face " + i / classes + " of this batch is not a number "
                            + Arrays.toString(row) + ": its weights are broken, or the engine computes wrong numbers on this CPU"
                            + " (ConvolutionFaultProbe.explainFor(device) tests for a known PyTorch fault)");
                }
            }
            out.add(ExpressionPrediction.fromLogits(row));
        }
        return out;
    }
}
