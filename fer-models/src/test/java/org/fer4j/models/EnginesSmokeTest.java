package org.fer4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Both DJL engines load from the pinned Maven natives with ai.djl.offline=true: nothing is downloaded. */
class EnginesSmokeTest {

    @Test
    void offlineModeIsOn() {
        assertEquals("true", System.getProperty("ai.djl.offline"), "tests must run with -Dai.djl.offline=true");
    }

    @Test
    void pytorchLoadsAndComputes() {
        Engine e = Engine.getEngine("PyTorch");
        System.out.println("PyTorch engine " + e.getVersion() + " on " + e.defaultDevice());
        try (NDManager m = e.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}, new ai.djl.ndarray.types.Shape(2, 2));
            // [[1,2],[3,4]] x its transpose = [[5,11],[11,25]], summing to 52
            assertEquals(52f, a.matMul(a.transpose()).sum().getFloat(), 1e-6f);
        }
    }

    @Test
    void onnxRuntimeLoads() {
        Engine e = Engine.getEngine("OnnxRuntime");
        System.out.println("OnnxRuntime engine " + e.getVersion() + " on " + e.defaultDevice());
        assertEquals("OnnxRuntime", e.getEngineName());
    }
}
