package org.fer4j.models.onnx;

import java.nio.file.Path;

import org.fer4j.models.nn.BlockVisitor;
import org.fer4j.models.nn.Flatten;
import org.fer4j.models.nn.GlobalAvgPool;
import org.fer4j.models.nn.MaxPool;
import org.fer4j.models.nn.RReLU;
import org.fer4j.models.nn.Relu;
import org.fer4j.models.nn.Residual;


import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * Writes an initialized fer4j network as an ONNX graph (opset 13) with input {@code input} of shape
 * (batch, 1, 48, 48) and output {@code logits} of shape (batch, 7), in inference form: dropout is the identity,
 * batch norm uses its running statistics, RReLU becomes LeakyRelu with the mean slope.
 *
 * <p>Supported blocks: SequentialBlock, Conv2d, BatchNorm, Linear (as Gemm), Dropout, and fer4j's Relu, RReLU, MaxPool,
 * GlobalAvgPool, Flatten and Residual. Anything else is refused with its class name.
 */
public final class OnnxExporter {
    /** ONNX operator set the graph targets. */
    public static final int OPSET = GraphWriter.OPSET;
    /** BatchNorm epsilon of DJL's default builder. */
    static final float BN_EPSILON = 1e-5f;

    private final GraphWriter g = new GraphWriter();

    private OnnxExporter() {
    }

    /**
     * @param block an initialized network (e.g. {@code model.getBlock()})
     * @param name graph name, e.g. the architecture
     * @return the ONNX model
     */
    public static ModelProto export(Block block, String name) {
        OnnxExporter e = new OnnxExporter();
        return e.g.model(name, e.emit(block, "input"));
    }

    /**
     * Exports and writes atomically.
     *
     * @param block an initialized network
     * @param name graph name
     * @param file target {@code .onnx}
     */
    public static void write(Block block, String name, Path file) {
        GraphWriter.write(export(block, name), file);
    }

    /** Appends the nodes of {@code block} reading tensor {@code in}; returns the name of its output tensor. */
    private String emit(Block block, String in) {
        return new Emitter().visit(block, in);
    }

    /** The float graph's nodes, block by block; tensors flow as their names. */
    private final class Emitter implements BlockVisitor<String> {
        @Override
        public String residual(Residual r, String in) {
            String main = visit(r.main(), in);
            String shortcut = r.shortcut() == null ? in : visit(r.shortcut(), in);
            return g.node("Relu", g.node("Add", main, shortcut));
        }

        @Override
        public String conv(Conv2d c, String in) {
            NodeProto.Builder n = NodeProto.newBuilder().setOpType("Conv").addInput(in).addInput(g.floats(c.getParameters().get("weight").getArray()));
            if (c.getParameters().contains("bias")) {
                n.addInput(g.floats(c.getParameters().get("bias").getArray()));
            }
            return g.add(convAttributes(n, c));
        }

        @Override
        public String batchNorm(BatchNorm b, String in) {
            NodeProto.Builder n = NodeProto.newBuilder().setOpType("BatchNormalization").addInput(in)
                    .addInput(g.floats(b.getParameters().get("gamma").getArray()))
                    .addInput(g.floats(b.getParameters().get("beta").getArray()))
                    .addInput(g.floats(b.getParameters().get("runningMean").getArray()))
                    .addInput(g.floats(b.getParameters().get("runningVar").getArray()))
                    .addAttribute(GraphWriter.floatAttr("epsilon", BN_EPSILON));
            return g.add(n);
        }

        @Override
        public String linear(Linear l, String in) {
            return gemm(g, in, l);
        }

        @Override
        public String relu(Relu r, String in) {
            return r.slope() == 0 ? g.node("Relu", in) : leaky(in, r.slope());
        }

        @Override
        public String rrelu(RReLU r, String in) {
            return leaky(in, r.inferenceSlope());
        }

        @Override
        public String maxPool(MaxPool m, String in) {
            return g.add(OnnxExporter.maxPool(in, m));
        }

        @Override
        public String globalAvgPool(GlobalAvgPool p, String in) {
            return OnnxExporter.flatten(g, g.node("GlobalAveragePool", in));
        }

        @Override
        public String flatten(Flatten f, String in) {
            return OnnxExporter.flatten(g, in);
        }

        @Override
        public String other(Block block, String in) {
            throw new IllegalArgumentException("ONNX export does not support block " + block.getClass().getName());
        }
    }

    /** Kernel, stride, symmetric padding, dilation and groups of a DJL convolution as ONNX Conv attributes. */
    static NodeProto.Builder convAttributes(NodeProto.Builder n, Conv2d c) {
        long[] p = c.getPadding().getShape();
        return n.addAttribute(GraphWriter.ints("kernel_shape", c.getKernelShape().getShape()))
                .addAttribute(GraphWriter.ints("strides", c.getStride().getShape()))
                .addAttribute(GraphWriter.ints("pads", p[0], p[1], p[0], p[1]))
                .addAttribute(GraphWriter.ints("dilations", c.getDilation().getShape()))
                .addAttribute(GraphWriter.intAttr("group", c.getGroups()));
    }

    static NodeProto.Builder maxPool(String in, MaxPool m) {
        return NodeProto.newBuilder().setOpType("MaxPool").addInput(in)
                .addAttribute(GraphWriter.ints("kernel_shape", m.kernel(), m.kernel()))
                .addAttribute(GraphWriter.ints("strides", m.stride(), m.stride()))
                .addAttribute(GraphWriter.ints("pads", m.pad(), m.pad(), m.pad(), m.pad()));
    }

    /** A DJL Linear as a float Gemm (weights stay float in the int8 graph too: the head is 0.1% of the MACs). */
    static String gemm(GraphWriter g, String in, Linear l) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType("Gemm").addInput(in)
                .addInput(g.floats(l.getParameters().get("weight").getArray())).addAttribute(GraphWriter.intAttr("transB", 1));
        if (l.getParameters().contains("bias")) {
            n.addInput(g.floats(l.getParameters().get("bias").getArray()));
        }
        return g.add(n);
    }

    static String flatten(GraphWriter g, String in) {
        return g.add(NodeProto.newBuilder().setOpType("Flatten").addInput(in).addAttribute(GraphWriter.intAttr("axis", 1)));
    }

    private String leaky(String in, float alpha) {
        return g.add(NodeProto.newBuilder().setOpType("LeakyRelu").addInput(in).addAttribute(GraphWriter.floatAttr("alpha", alpha)));
    }
}
