package org.fer4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.inference.InferenceEngine;

import picocli.CommandLine.Option;

/** The options every command that classifies shares: which model, on which engine. */
final class ModelOptions {
    @Option(names = "--model", defaultValue = "default",
            description = "model folder (model-card.json + weights), or 'default' for the bundled model (default)")
    String model;

    @Option(names = "--engine", defaultValue = "pytorch", description = "pytorch or onnxruntime (default ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--int8", description = "use the model's int8 graph (model-int8.onnx) on ONNX Runtime")
    boolean int8;

    @Option(names = "--no-reference-check", description = "load the model even when its weights do not give the answers"
            + " recorded in its card (README, Troubleshooting); for diagnosis, since the answers may be wrong")
    boolean noReferenceCheck;

    /** @return the classifier; close it */
    DjlExpressionClassifier open() {
        return open(model);
    }

    /**
     * @param int8ByDefault use the int8 graph unless the engine is PyTorch, which has none (analyze's default)
     * @return the classifier; close it
     */
    DjlExpressionClassifier open(boolean int8ByDefault) {
        if (int8ByDefault && !InferenceEngine.parse(engine).equals(InferenceEngine.PYTORCH)) {
            int8 = true;
        }
        return open(model);
    }

    /**
     * @param model a model folder or 'default', opened with this command's engine and graph choice
     * @return the classifier; close it
     */
    DjlExpressionClassifier open(String model) {
        ExpressionClassifiers.Builder b = ExpressionClassifiers.builder().optEngine(InferenceEngine.parse(engine));
        if (int8) {
            b.optInt8();
        }
        if (noReferenceCheck) {
            b.optNoReferenceCheck();
        }
        if (!model.equals("default")) {
            Path dir = Path.of(model);
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--model " + model + ": not a folder (use a model folder or 'default')");
            }
            b.optModelDir(dir);
        }
        return b.build();
    }
}
