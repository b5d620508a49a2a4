package org.fer4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The probe against the truth: a convolution computed in plain Java. Whatever this machine's CPU, the probe must report a
 * fault exactly when PyTorch's answer for 24 or 40 channels is wrong against that truth.
 */
class ConvolutionFaultProbeTest {

    @Test
    void reportsAFaultExactlyWhenPyTorchIsWrongAgainstPlainJava() {
        boolean wrong = false;
        StringBuilder seen = new StringBuilder();
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
            for (int c : new int[] {24, 40}) {
                float err = errorAgainstJava(m, c);
                seen.append(String.format("%d channels: PyTorch off by %.3g; ", c, err));
                wrong |= err > ConvolutionFaultProbe.TOLERANCE;
            }
            // exact on every CPU measured so far, so the padded comparison itself must agree there
            assertTrue(ConvolutionFaultProbe.difference(m, 16) <= ConvolutionFaultProbe.TOLERANCE);
            assertTrue(ConvolutionFaultProbe.difference(m, 32) <= ConvolutionFaultProbe.TOLERANCE);
        }
        Optional<String> fault = ConvolutionFaultProbe.pytorchCpu();
        System.out.println(seen + "probe: " + fault.orElse("no fault"));
        assertEquals(wrong, fault.isPresent(), seen + "probe: " + fault);
        fault.ifPresent(s -> assertTrue(s.contains("ONEDNN_MAX_CPU_ISA=AVX2") && s.contains("ONNX Runtime"), s));
        assertEquals(fault.map(s -> " " + s).orElse(""), ConvolutionFaultProbe.explainFor(Device.cpu()));
    }

    /** Max |PyTorch conv - plain Java conv| on the probe's inputs with {@code c} channels (3x3, padding 1, stride 1). */
    private static float errorAgainstJava(NDManager parent, int c) {
        try (NDManager m = parent.newSubManager()) {
            NDList in = ConvolutionFaultProbe.inputs(m, c);
            NDArray x = in.get(0);
            NDArray w = in.get(1);
            int n = (int) x.getShape().get(0);
            int hw = (int) x.getShape().get(2);
            float[] y = ConvolutionFaultProbe.conv(x, w).toFloatArray();
            float[] xs = x.toFloatArray();
            float[] ws = w.toFloatArray();
            float max = 0;
            for (int b = 0; b < n; b++) {
                for (int o = 0; o < c; o++) {
                    for (int i = 0; i < hw; i++) {
                        for (int j = 0; j < hw; j++) {
                            double sum = 0;
                            for (int k = 0; k < c; k++) {
                                for (int di = -1; di <= 1; di++) {
                                    for (int dj = -1; dj <= 1; dj++) {
                                        int ii = i + di;
                                        int jj = j + dj;
                                        if (ii >= 0 && ii < hw && jj >= 0 && jj < hw) {
                                            sum += xs[((b * c + k) * hw + ii) * hw + jj] * ws[((o * c + k) * 3 + di + 1) * 3 + dj + 1];
                                        }
                                    }
                                }
                            }
                            float d = Math.abs((float) sum - y[((b * c + o) * hw + i) * hw + j]);
                            max = Float.isNaN(d) ? Float.POSITIVE_INFINITY : Math.max(max, d);
                        }
                    }
                }
            }
            return max;
        }
    }
}
