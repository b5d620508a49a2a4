package org.fer4j.models.inference;

import java.util.Locale;

/** The DJL engines a classifier can run on. */
public enum InferenceEngine {
    /** PyTorch (LibTorch) with fer4j's DJL weights. */
    PYTORCH("PyTorch"),
    /** ONNX Runtime with an exported {@code .onnx} file. */
    ONNX_RUNTIME("OnnxRuntime");

    static {
        // every classifier names its engine through this type before DJL loads one, so ONNX Runtime finds its libraries
        // in the per-user cache instead of unpacking them into the temporary folder (see OrtNatives)
        OrtNatives.prepare();
    }

    private final String djlName;

    InferenceEngine(String djlName) {
        this.djlName = djlName;
    }

    /** @return DJL's engine name */
    public String djlName() {
        return djlName;
    }

    /**
     * @param name {@code pytorch} or {@code onnxruntime} (any case, {@code onnx} and {@code ort} accepted)
     * @return the engine
     */
    public static InferenceEngine parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "")) {
            case "pytorch", "torch", "pt" -> PYTORCH;
            case "onnxruntime", "onnx", "ort" -> ONNX_RUNTIME;
            default -> throw new IllegalArgumentException("unknown engine '" + name + "'; use pytorch or onnxruntime");
        };
    }
}
