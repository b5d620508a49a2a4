package org.fer4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.inference.InferenceEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classifier builder's settings mean the same in any order, and settings that contradict each other are refused. */
class BuilderSettingsTest {
    @TempDir
    Path tmp;

    @Test
    void int8OnPyTorchIsRefusedInEitherOrder() {
        for (UnaryOperator<ExpressionClassifiers.Builder> order : List.<UnaryOperator<ExpressionClassifiers.Builder>>of(
                b -> b.optInt8().optEngine(InferenceEngine.PYTORCH), b -> b.optEngine(InferenceEngine.PYTORCH).optInt8())) {
            String msg = assertThrows(FerModelException.class, () -> order.apply(ExpressionClassifiers.builder()).build()).getMessage();
            assertTrue(msg.contains("int8 graphs run on ONNX Runtime"), msg);
        }
    }

    @Test
    void anOnnxFileOnPyTorchIsRefusedInEitherOrder() {
        Path onnx = tmp.resolve("m.onnx");
        for (UnaryOperator<ExpressionClassifiers.Builder> order : List.<UnaryOperator<ExpressionClassifiers.Builder>>of(
                b -> b.optOnnxFile(onnx).optEngine(InferenceEngine.PYTORCH), b -> b.optEngine(InferenceEngine.PYTORCH).optOnnxFile(onnx))) {
            String msg = assertThrows(FerModelException.class, () -> order.apply(ExpressionClassifiers.builder()).build()).getMessage();
            assertTrue(msg.startsWith(onnx + ": an ONNX file runs on ONNX Runtime"), msg);
        }
    }

    @Test
    void theDefaultEngineIsOnnxRuntimeAndInt8NeedsNoEngine() {
        try (DjlExpressionClassifier c = ExpressionClassifiers.builder().optModel(ExpressionClassifiers.DEFAULT_MODEL).build()) {
            assertEquals(InferenceEngine.ONNX_RUNTIME, c.engine());
        }
        try (DjlExpressionClassifier c = ExpressionClassifiers.builder().optInt8().build()) {
            assertEquals(InferenceEngine.ONNX_RUNTIME, c.engine());
        }
        try (DjlExpressionClassifier c = ExpressionClassifiers.builder().optEngine(InferenceEngine.PYTORCH).build()) {
            assertEquals(InferenceEngine.PYTORCH, c.engine());
        }
    }

    /** A folder straight out of training (PyTorch weights, no ONNX graph yet) still opens without naming an engine. */
    @Test
    void aFolderWithoutAnOnnxGraphRunsOnPyTorch() throws Exception {
        Path dir = TestModels.randomModelDir(tmp, "seed-simple-cnn");
        Files.delete(dir.resolve(ExpressionClassifiers.ONNX_FILE));
        try (DjlExpressionClassifier c = ExpressionClassifiers.builder().optModel(dir.toString()).build()) {
            assertEquals(InferenceEngine.PYTORCH, c.engine());
        }
        String msg = assertThrows(FerModelException.class,
                () -> ExpressionClassifiers.builder().optModelDir(dir).optEngine(InferenceEngine.ONNX_RUNTIME).build()).getMessage();
        assertTrue(msg.contains("OnnxExporter.write") && !msg.contains("--"), msg);
    }

    @Test
    void anUnknownModelNameIsRefusedByName() {
        String name = tmp.resolve("no-such-model").toString();
        String msg = assertThrows(FerModelException.class, () -> ExpressionClassifiers.builder().optModel(name)).getMessage();
        assertTrue(msg.startsWith(name + ": not a model folder"), msg);
        assertEquals(ExpressionClassifiers.bundledModelDir(), ExpressionClassifiers.modelDir(ExpressionClassifiers.DEFAULT_MODEL));
    }
}
