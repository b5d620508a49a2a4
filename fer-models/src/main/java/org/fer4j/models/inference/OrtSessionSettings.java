package org.fer4j.models.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The ONNX Runtime session options fer4j loads its graphs with. Kept in its own class so that ONNX Runtime's classes
 * are touched only when a graph is loaded on that engine (a PyTorch-only application need not have them).
 */
final class OrtSessionSettings {
    /** ONNX Runtime's session setting for its worker threads' busy-waiting between runs. */
    static final String ALLOW_SPINNING = "session.intra_op.allow_spinning";

    private OrtSessionSettings() {
    }

    /**
     * Options with busy-waiting off. After each run ONNX Runtime's workers otherwise spin for more work, and in fer4j the
     * next work is the face detector's, on the same cores: measured on a 2-core machine, alternating YuNet and the int8
     * classifier, detection took 4.6 ms per 640x480 frame while the workers spun and 3.0 ms without (classification 0.81
     * ms either way).
     *
     * @return new options; the caller closes them once the session exists
     * @throws OrtException when ONNX Runtime refuses the setting
     */
    static OrtSession.SessionOptions noSpinning() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.addConfigEntry(ALLOW_SPINNING, "0");
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }
}
