package org.fer4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.inference.InferenceEngine;

import picocli.CommandLine.Option;

/** The options every command that classifies shares: which model, on which engine. */
final class ModelOptions {
    @Option(names = "--model", defaultValue = ExpressionClassifiers.DEFAULT_MODEL,
            description = "model folder (model-card.json + weights), or 'default' for the bundled model (default)")
    String model;

    /** Unset means the library's default, so the command line and the API cannot drift apart. */
    @Option(names = "--engine", description = "onnxruntime or pytorch (default: onnxruntime; pytorch for a model folder"
            + " without model.onnx, e.g. a training run's best/ before 'fer export')")
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
     * @param int8ByDefault prefer the model's int8 graph when it has one and the engine is ONNX Runtime (analyze's default)
     * @return whether {@link #open(boolean)} picks the int8 graph
     */
    boolean int8(boolean int8ByDefault) {
        boolean onnx = engine == null || InferenceEngine.parse(engine) == InferenceEngine.ONNX_RUNTIME;
        return int8 || int8ByDefault && onnx
                && Files.isRegularFile(ExpressionClassifiers.modelDir(model).resolve(ExpressionClassifiers.ONNX_INT8_FILE));
    }

    /**
     * @param int8ByDefault prefer the model's int8 graph when it has one and the engine is ONNX Runtime (analyze's default)
     * @return the classifier; close it
     */
    DjlExpressionClassifier open(boolean int8ByDefault) {
        return open(model, int8(int8ByDefault));
    }

    /**
     * @param model a model folder or 'default', opened with this command's engine and graph choice
     * @return the classifier; close it
     */
    DjlExpressionClassifier open(String model) {
        return open(model, int8);
    }

    private DjlExpressionClassifier open(String model, boolean int8) {
        ExpressionClassifiers.Builder b = ExpressionClassifiers.builder().optModel(model);
        InferenceEngine chosen = engine == null ? null : InferenceEngine.parse(engine);
        if (int8 && chosen == InferenceEngine.PYTORCH) {
            throw new IllegalArgumentException("--int8 graphs run on ONNX Runtime: drop --engine pytorch, or --int8");
        }
        if (chosen != null) {
            b.optEngine(chosen);
        }
        // the library names its API for a missing graph; here the command that makes it is the better hint
        Path dir = ExpressionClassifiers.modelDir(model);
        String graph = int8 ? ExpressionClassifiers.ONNX_INT8_FILE : ExpressionClassifiers.ONNX_FILE;
        if ((int8 || chosen == InferenceEngine.ONNX_RUNTIME) && !Files.isRegularFile(dir.resolve(graph))) {
            throw new IllegalArgumentException(dir.resolve(graph) + " not found; make it with: fer export --model " + model
                    + (int8 ? " --int8 --data <train.csv.gz>" : "") + (int8 ? "" : " (or use --engine pytorch)"));
        }
        if (int8) {
            b.optInt8();
        }
        if (noReferenceCheck) {
            b.optNoReferenceCheck();
        }
        return b.build();
    }
}
