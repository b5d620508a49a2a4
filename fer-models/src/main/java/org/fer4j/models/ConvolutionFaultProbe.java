package org.fer4j.models;

import java.util.Optional;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Tests this process's PyTorch CPU convolution for a fault that gives wrong numbers without any error, so that an
 * error about wrong answers can name the cause and the fix instead of only the symptom.
 *
 * <p>The fault, measured with the pinned PyTorch 2.7.1 natives on an AMD EPYC with AVX-512 (CPU family 26): a 3x3
 * convolution with 24 or 40 input channels, on a batch of more than one, returns values up to about 2 away from the
 * same convolution with zero channels appended to make 64; 8, 16, 32 and 48 channels are exact. With
 * {@code ONEDNN_MAX_CPU_ISA=AVX2} in the environment all agree to 1e-5. The probe runs those two cases, once per
 * process (the environment cannot change under a running process), and only when asked: callers ask after something
 * already went wrong, so a healthy run never pays for it.
 */
public final class ConvolutionFaultProbe {
    /** Largest difference that counts as the same convolution; float rounding gives about 1e-6 here. */
    static final float TOLERANCE = 1e-3f;
    private static final int[] CHANNELS = {24, 40};
    private static final int PADDED = 64;

    private ConvolutionFaultProbe() {
    }

    /**
     * @return a sentence naming the fault and the fix when this process's PyTorch CPU convolution has it; empty when
     *     the probe's convolutions agree, or when the PyTorch engine cannot run here (then it cannot be the cause)
     */
    public static Optional<String> pytorchCpu() {
        return Once.RESULT;
    }

    /** Runs the probe on first use only: the JVM initialises this class once, when {@link #pytorchCpu} first reads it. */
    private static final class Once {
        static final Optional<String> RESULT = run();
    }

    /**
     * @param device the device a PyTorch model runs on
     * @return the fault's sentence, prefixed by a space, for a CPU device that has it; otherwise the empty string, so
     *     that it can be appended to any message
     */
    public static String explainFor(Device device) {
        return device.isGpu() ? "" : pytorchCpu().map(s -> " " + s).orElse("");
    }

    private static Optional<String> run() {
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        try (NDManager m = engine.newBaseManager(Device.cpu())) {
            for (int c : CHANNELS) {
                float d = difference(m, c);
                if (!(d <= TOLERANCE)) {
                    return Optional.of(String.format("This machine's PyTorch CPU convolution is faulty: a 3x3 convolution with %d"
                            + " input channels is off by %.3g against the same one zero-padded to %d channels (a known fault of"
                            + " oneDNN's AVX-512 kernels on some CPUs). Set ONEDNN_MAX_CPU_ISA=AVX2 in the environment before Java"
                            + " starts, or run the model on InferenceEngine.ONNX_RUNTIME.", c, d, PADDED));
                }
            }
            return Optional.empty();
        }
    }

    /** Max |conv(x, w) - conv(x + zero channels, w + zero channels)| for {@link #inputs} with {@code c} channels. */
    static float difference(NDManager parent, int c) {
        try (NDManager m = parent.newSubManager()) {
            NDList in = inputs(m, c);
            NDArray x = in.get(0);
            NDArray w = in.get(1);
            int n = (int) x.getShape().get(0);
            int hw = (int) x.getShape().get(2);
            NDArray y = conv(x, w);
            NDArray xp = x.concat(m.zeros(new Shape(n, PADDED - c, hw, hw)), 1);
            NDArray wp = w.concat(m.zeros(new Shape(c, PADDED - c, 3, 3)), 1);
            return y.sub(conv(xp, wp)).abs().max().getFloat();
        }
    }

    /**
     * @param m where the arrays live
     * @param c channels
     * @return deterministic input (8 x c x 12 x 12) and 3x3 weights (c x c x 3 x 3), the same on every machine
     */
    static NDList inputs(NDManager m, int c) {
        int n = 8;
        int hw = 12;
        NDArray x = m.arange((float) n * c * hw * hw).reshape(n, c, hw, hw).mul(0.37f).sin();
        NDArray w = m.arange((float) c * c * 9).reshape(c, c, 3, 3).mul(0.71f).cos().mul(0.1f);
        return new NDList(x, w);
    }

    /** 3x3 convolution, stride 1, padding 1, no bias: the probe's only operation. */
    static NDArray conv(NDArray x, NDArray w) {
        Shape one = new Shape(1, 1);
        NDArray noBias = x.getManager().zeros(new Shape(w.getShape().get(0)), DataType.FLOAT32);
        return Conv2d.conv2d(x, w, noBias, one, one).singletonOrThrow();
    }
}
