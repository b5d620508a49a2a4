package org.fer4j.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;

import ai.djl.Model;

/**
 * What a model answered for three fixed synthetic faces when its weights were saved. A model card carries it so that
 * loading the model on another machine or engine can prove the numbers still come out the same.
 *
 * <p>Why: a CPU kernel can be wrong without failing. PyTorch 2.7.1's oneDNN convolution, on an AMD EPYC with AVX-512
 * (CPU family 26), returns wrong values for 3x3 convolutions with 24 or 40 input channels; the model then answers
 * NaN for some faces and quietly different probabilities for the rest. Comparing against the recorded answer turns that
 * into an error at load time instead of wrong predictions.
 *
 * @param faceSet how the faces are made ({@link #FACES}); a card with other faces is not checked
 * @param probabilities per face, the seven class probabilities
 */
public record ReferenceOutput(String faceSet, float[][] probabilities) {
    /** Names the face generator of {@link #checkFaces()}; change it whenever the generator changes. */
    public static final String FACES = "synthetic-v1";
    /**
     * Largest difference in any probability that still counts as the same model. Two CPUs, or PyTorch and ONNX Runtime,
     * agree to about 1e-6; the oneDNN fault above moved a probability by 0.045.
     */
    public static final double TOLERANCE = 0.01;

    /**
     * Three deterministic 48x48 faces: smooth gratings at different frequencies, so that every filter of a trained
     * network sees some signal. They are not faces people would recognise; they only have to be the same everywhere.
     *
     * @return the faces, in order
     */
    public static List<FaceImage> checkFaces() {
        List<FaceImage> out = new ArrayList<>(3);
        for (int k = 0; k < 3; k++) {
            byte[] b = new byte[FaceImage.PIXELS];
            for (int y = 0; y < FaceImage.SIZE; y++) {
                for (int x = 0; x < FaceImage.SIZE; x++) {
                    double v = 128 + 50 * Math.sin(x * (0.35 + 0.2 * k)) + 40 * Math.cos(y * (0.27 + 0.1 * k))
                            + 30 * Math.sin((x + 2 * y) * 0.13 * (k + 1));
                    b[y * FaceImage.SIZE + x] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
                }
            }
            out.add(FaceImage.wrap(b));
        }
        return out;
    }

    /** @return whether {@link #faceSet()} is the one {@link #checkFaces()} makes, so this reference can be checked */
    public boolean ofCurrentFaces() {
        return FACES.equals(faceSet);
    }

    /**
     * Runs the faces through a model's block in inference mode, as {@code FaceTranslator} would.
     *
     * @param model a model with its block initialized
     * @param preprocessing the model's input transform
     * @return the model's answers
     */
    public static ReferenceOutput of(Model model, Preprocessing preprocessing) {
        float[][] p;
        try (BlockInference block = new BlockInference(model, preprocessing)) {
            p = block.logits(checkFaces());
        }
        for (int i = 0; i < p.length; i++) {
            boolean finite = true;
            for (float v : p[i]) {
                finite &= Float.isFinite(v);
            }
            // a model that answers NaN is saved all the same (the run must not lose it), but can never pass the check
            if (finite) {
                p[i] = ExpressionPrediction.fromLogits(p[i]).probabilities();
            } else {
                Arrays.fill(p[i], Float.NaN);
            }
        }
        return new ReferenceOutput(FACES, p);
    }

    /**
     * @param got per face, the seven probabilities a model answers now for {@link #checkFaces()}, in order
     * @return the largest difference in any probability; infinity when an answer is missing or not a number
     */
    public double maxDifference(List<float[]> got) {
        if (got.size() != probabilities.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < probabilities.length; i++) {
            float[] g = got.get(i);
            for (int c = 0; c < g.length; c++) {
                double d = Math.abs(g[c] - probabilities[i][c]);
                max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
            }
        }
        return max;
    }

    /**
     * @param got per face, what the model answers now
     * @param source the model folder, for the message
     * @param where engine and device, for the message
     * @param cause asked only on a mismatch: a known cause to add to the message, or the empty string
     * @throws FerModelException when an answer is more than {@link #TOLERANCE} away
     */
    public void requireMatch(List<float[]> got, String source, String where, Supplier<String> cause) {
        double d = maxDifference(got);
        if (d > TOLERANCE) {
            throw mismatch(source, where, Double.isInfinite(d) ? "some answers are not a number"
                    : String.format("probabilities differ by up to %.4g", d), cause.get());
        }
    }

    /**
     * @param source the model folder
     * @param where engine and device
     * @param problem how the answers differ
     * @param cause a known cause, starting with a space, or the empty string
     * @return the error that names them
     */
    public static FerModelException mismatch(String source, String where, String problem, String cause) {
        // A known cause replaces the generic guess, so the message gives one way out.
        String why = cause.isEmpty()
                ? " The engine computes wrong numbers on this machine, or the files changed since they were saved;"
                + " ConvolutionFaultProbe.explainFor(device) tests for a known PyTorch CPU fault, which InferenceEngine.ONNX_RUNTIME"
                + " does not have."
                : cause;
        return new FerModelException(source, "on " + where + " these weights do not give the answers recorded when they were"
                + " saved: " + problem + " (allowed " + TOLERANCE + ")." + why);
    }
}
