package org.fer4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.core.FerException;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.fer4j.models.ReferenceOutput;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.inference.InferenceEngine;
import org.fer4j.models.onnx.OnnxExporter;

import ai.djl.Device;
import ai.djl.Model;

/**
 * Exports a trained model folder (PyTorch weights + card) to ONNX, then runs the graph on ONNX Runtime beside the
 * original on PyTorch and prints how far their probabilities differ.
 *
 * <p>Run: {@code examples/run ExportToOnnx runs/tutorial-cnn/best out/onnx} ({@code default} as the first argument
 * exports the bundled model)
 */
public final class ExportToOnnx {
    private ExportToOnnx() {
    }

    /**
     * @param modelDir a model folder with PyTorch weights, or {@code default}
     * @param outDir the new folder: model card and {@code model.onnx}
     * @return the largest difference in any probability between the two engines on the card's check faces
     */
    public static double export(String modelDir, Path outDir) {
        Path src = ExpressionClassifiers.modelDir(modelDir);
        ModelCard card = ModelCard.read(src);
        try {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve(ModelCard.FILE), card.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outDir, e);
        }
        try (Model m = ModelFiles.load(src, Device.cpu())) {
            OnnxExporter.write(m.getBlock(), card.architecture(), outDir.resolve(ExpressionClassifiers.ONNX_FILE));
        }
        List<FaceImage> faces = ReferenceOutput.checkFaces();
        try (DjlExpressionClassifier torch = ExpressionClassifiers.builder().optModel(modelDir).optEngine(InferenceEngine.PYTORCH).build();
                DjlExpressionClassifier onnx = ExpressionClassifiers.builder().optModel(outDir.toString())
                        .optEngine(InferenceEngine.ONNX_RUNTIME).build()) {
            List<ExpressionPrediction> a = torch.classifyAll(faces);
            List<ExpressionPrediction> b = onnx.classifyAll(faces);
            double max = 0;
            for (int i = 0; i < faces.size(); i++) {
                for (int k = 0; k < a.get(i).probabilities().length; k++) {
                    max = Math.max(max, Math.abs(a.get(i).probabilities()[k] - b.get(i).probabilities()[k]));
                }
            }
            return max;
        }
    }

    /** @param args the model folder (or default) and the output folder */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: ExportToOnnx <model folder|default> <output folder>");
            System.exit(2);
        }
        try {
            double diff = export(args[0], Path.of(args[1]));
            System.out.printf("wrote %s; ONNX Runtime vs PyTorch: largest probability difference %.2g%n",
                    Path.of(args[1]).resolve(ExpressionClassifiers.ONNX_FILE), diff);
        } catch (FerException e) {
            // the library names the file, line or frame and the problem: that line is the whole message
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
