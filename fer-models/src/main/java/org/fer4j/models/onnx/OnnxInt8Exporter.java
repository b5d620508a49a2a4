package org.fer4j.models.onnx;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fer4j.models.nn.BlockVisitor;
import org.fer4j.models.nn.Flatten;
import org.fer4j.models.nn.GlobalAvgPool;
import org.fer4j.models.nn.MaxPool;
import org.fer4j.models.nn.Relu;
import org.fer4j.models.nn.Residual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * Writes an int8 ONNX graph in the QDQ form that ONNX Runtime turns into integer kernels (QLinearConv and friends):
 * convolution weights are int8 per output channel (symmetric, batch norm folded in first), biases int32, and every
 * activation that feeds a convolution, pooling or the residual sum is quantized to uint8 with a scale and zero point
 * measured on calibration faces (min/max of the float network's own activations). The final linear layer stays float.
 *
 * <p>Supported: fer-net style networks (SequentialBlock, Conv2d with or without a following BatchNorm, ReLU, MaxPool,
 * Residual, GlobalAvgPool, Dropout, Flatten, Linear). Anything else is refused with its class name. Compare the
 * quantized model's accuracy with the float one before using it: {@code fer evaluate --onnx}.
 */
public final class OnnxInt8Exporter {
    private final GraphWriter g = new GraphWriter();
    private final ParameterStore ps;
    /**
     * Largest quantized weight magnitude: 7 bits, not 8. CPUs without VNNI (AVX2, AVX-512 before VNNI) multiply uint8
     * activations by int8 weights with an instruction that saturates pairwise sums at 16 bits; full-range weights
     * overflow it and cost 4-5 points of accuracy there (measured on an AVX2 machine), while 7-bit weights cannot.
     */
    static final int WEIGHT_MAX = 63;

    /** Scale and zero point of each dequantized tensor, by name, so pooling keeps its input's quantization. */
    private final Map<String, float[]> quant = new HashMap<>();

    /** A float tensor of the graph and the float network's values of it on the calibration faces. */
    private record Value(String name, NDArray calib) {
    }

    private OnnxInt8Exporter(NDManager manager) {
        this.ps = new ParameterStore(manager, false);
    }

    /**
     * @param block an initialized network
     * @param name graph name
     * @param calibration preprocessed faces (n, 1, 48, 48), e.g. a few hundred Training faces; never test faces
     * @return the int8 model
     */
    public static ModelProto export(Block block, String name, NDArray calibration) {
        try (NDManager m = calibration.getManager().newSubManager()) {
            OnnxInt8Exporter e = new OnnxInt8Exporter(m);
            NDArray x = calibration.duplicate();
            x.attach(m);
            return e.g.model(name, e.emit(block, new Value("input", x)).name()).toBuilder()
                    .setDocString("fer4j int8 (QDQ): per-channel int8 weights with batch norm folded in, int32 biases, uint8 activations "
                            + "calibrated (min/max) on " + calibration.getShape().get(0) + " faces; final linear layer in float")
                    .build();
        }
    }

    /**
     * Exports and writes atomically.
     *
     * @param block an initialized network
     * @param name graph name
     * @param calibration preprocessed calibration faces (n, 1, 48, 48)
     * @param file target {@code .onnx}
     */
    public static void write(Block block, String name, NDArray calibration, Path file) {
        GraphWriter.write(export(block, name, calibration), file);
    }

    private Value emit(Block block, Value in) {
        return new Emitter().visit(block, in);
    }

    /** The int8 graph's nodes, block by block; tensors flow with the calibration batch's values at that point. */
    private final class Emitter implements BlockVisitor<Value> {
        /** A convolution followed by a batch norm becomes one int8 convolution with the batch norm folded in. */
        @Override
        public Value sequential(SequentialBlock seq, Value in) {
            List<Block> children = seq.getChildren().values();
            Value x = in;
            for (int i = 0; i < children.size(); i++) {
                Block b = children.get(i);
                if (b instanceof Conv2d c) {
                    BatchNorm bn = i + 1 < children.size() && children.get(i + 1) instanceof BatchNorm n ? n : null;
                    x = OnnxInt8Exporter.this.conv(c, bn, x);
                    if (bn != null) {
                        i++;
                    }
                } else {
                    x = visit(b, x);
                }
            }
            return x;
        }

        @Override
        public Value conv(Conv2d c, Value in) {
            return OnnxInt8Exporter.this.conv(c, null, in);
        }

        @Override
        public Value relu(Relu r, Value in) {
            if (r.slope() != 0) {
                return other(r, in);
            }
            return qdq(new Value(g.node("Relu", in.name()), forward(r, in.calib())));
        }

        @Override
        public Value residual(Residual r, Value in) {
            Value main = quantized(visit(r.main(), in));
            Value shortcut = r.shortcut() == null ? quantized(in) : quantized(visit(r.shortcut(), in));
            String sum = g.node("Relu", g.node("Add", main.name(), shortcut.name()));
            return qdq(new Value(sum, forward(r, in.calib())));
        }

        @Override
        public Value maxPool(MaxPool m, Value in) {
            Value q = quantized(in);
            String out = g.add(OnnxExporter.maxPool(q.name(), m));
            float[] sz = quant.get(q.name());
            // the max of quantized values is the quantized max: same scale and zero point, which lets the runtime pool uint8
            return qdq(new Value(out, forward(m, q.calib())), sz);
        }

        @Override
        public Value globalAvgPool(GlobalAvgPool p, Value in) {
            Value q = quantized(in);
            Value pooled = qdq(new Value(g.node("GlobalAveragePool", q.name()), forward(p, q.calib()).reshape(-1, q.calib().getShape().get(1), 1, 1)));
            return new Value(OnnxExporter.flatten(g, pooled.name()), pooled.calib().reshape(pooled.calib().getShape().get(0), -1));
        }

        @Override
        public Value flatten(Flatten f, Value in) {
            return new Value(OnnxExporter.flatten(g, in.name()), forward(f, in.calib()));
        }

        @Override
        public Value linear(Linear l, Value in) {
            return new Value(OnnxExporter.gemm(g, in.name(), l), forward(l, in.calib()));
        }

        @Override
        public Value other(Block block, Value in) {
            throw new IllegalArgumentException("int8 ONNX export does not support block " + block.getClass().getName());
        }
    }

    /** Conv (+ folded batch norm) with int8 per-channel weights and an int32 bias on a quantized input. */
    private Value conv(Conv2d c, BatchNorm bn, Value in) {
        Value x = quantized(in);
        float inScale = quant.get(x.name())[0];
        NDArray w = c.getParameters().get("weight").getArray();
        long[] shape = w.getShape().getShape();
        int outC = (int) shape[0];
        int per = (int) (w.size() / outC);
        float[] wf = w.toFloatArray();
        float[] bias = c.getParameters().contains("bias") ? c.getParameters().get("bias").getArray().toFloatArray() : new float[outC];
        NDArray out = forward(c, x.calib());
        if (bn != null) {
            float[] gamma = bn.getParameters().get("gamma").getArray().toFloatArray();
            float[] beta = bn.getParameters().get("beta").getArray().toFloatArray();
            float[] mean = bn.getParameters().get("runningMean").getArray().toFloatArray();
            float[] var = bn.getParameters().get("runningVar").getArray().toFloatArray();
            for (int o = 0; o < outC; o++) {
                float s = (float) (gamma[o] / Math.sqrt(var[o] + OnnxExporter.BN_EPSILON));
                for (int i = 0; i < per; i++) {
                    wf[o * per + i] *= s;
                }
                bias[o] = (bias[o] - mean[o]) * s + beta[o];
            }
            out = forward(bn, out);
        }
        byte[] wq = new byte[wf.length];
        float[] wScale = new float[outC];
        int[] bq = new int[outC];
        float[] bScale = new float[outC];
        for (int o = 0; o < outC; o++) {
            float max = 0;
            for (int i = 0; i < per; i++) {
                max = Math.max(max, Math.abs(wf[o * per + i]));
            }
            wScale[o] = max > 0 ? max / WEIGHT_MAX : 1e-8f;
            for (int i = 0; i < per; i++) {
                wq[o * per + i] = (byte) Math.max(-WEIGHT_MAX, Math.min(WEIGHT_MAX, Math.round(wf[o * per + i] / wScale[o])));
            }
            bScale[o] = inScale * wScale[o];
            bq[o] = (int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, Math.round((double) bias[o] / bScale[o])));
        }
        String wDq = g.add(NodeProto.newBuilder().setOpType("DequantizeLinear").addInput(g.int8s(wq, shape))
                .addInput(g.floats(wScale, outC)).addInput(g.int8s(new byte[outC], outC)).addAttribute(GraphWriter.intAttr("axis", 0)));
        String bDq = g.add(NodeProto.newBuilder().setOpType("DequantizeLinear").addInput(g.int32s(bq, outC))
                .addInput(g.floats(bScale, outC)).addInput(g.int32s(new int[outC], outC)).addAttribute(GraphWriter.intAttr("axis", 0)));
        NodeProto.Builder n = NodeProto.newBuilder().setOpType("Conv").addInput(x.name()).addInput(wDq).addInput(bDq);
        return new Value(g.add(OnnxExporter.convAttributes(n, c)), out);
    }

    /** @return {@code v} itself when it is already a dequantized tensor, else a quantize-dequantize pair after it */
    private Value quantized(Value v) {
        return quant.containsKey(v.name()) ? v : qdq(v);
    }

    private Value qdq(Value v) {
        float min = Math.min(0f, v.calib().min().getFloat());
        float max = Math.max(0f, v.calib().max().getFloat());
        float scale = Math.max(max - min, 1e-6f) / 255f;
        int zp = Math.max(0, Math.min(255, Math.round(-min / scale)));
        return qdq(v, new float[] {scale, zp});
    }

    private Value qdq(Value v, float[] scaleZp) {
        String s = g.floats(new float[] {scaleZp[0]});
        String z = g.uint8s(new byte[] {(byte) (int) scaleZp[1]});
        String q = g.node("QuantizeLinear", v.name(), s, z);
        String dq = g.node("DequantizeLinear", q, s, z);
        quant.put(dq, scaleZp);
        return new Value(dq, v.calib());
    }

    private NDArray forward(Block b, NDArray x) {
        return b.forward(ps, new NDList(x), false).singletonOrThrow();
    }
}
