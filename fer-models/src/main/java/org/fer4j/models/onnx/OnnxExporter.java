package org.fer4j.models.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.fer4j.models.FerModelException;
import org.fer4j.models.nn.Flatten;
import org.fer4j.models.nn.GlobalAvgPool;
import org.fer4j.models.nn.MaxPool;
import org.fer4j.models.nn.RReLU;
import org.fer4j.models.nn.Relu;
import org.fer4j.models.nn.Residual;

import com.google.protobuf.ByteString;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

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
    public static final int OPSET = 13;
    /** BatchNorm epsilon of DJL's default builder. */
    private static final float BN_EPSILON = 1e-5f;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    private OnnxExporter() {
    }

    /**
     * @param block an initialized network (e.g. {@code model.getBlock()})
     * @param name graph name, e.g. the architecture
     * @return the ONNX model
     */
    public static ModelProto export(Block block, String name) {
        OnnxExporter e = new OnnxExporter();
        e.graph.setName(name);
        e.graph.addInput(valueInfo("input", "batch", 1, 48, 48));
        String out = e.emit(block, "input");
        e.graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName("output").addInput(out).addOutput("logits"));
        e.graph.addOutput(valueInfo("logits", "batch", 7));
        return ModelProto.newBuilder().setIrVersion(7).setProducerName("fer4j").setProducerVersion("0.1")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(e.graph).build();
    }

    /**
     * Exports and writes atomically.
     *
     * @param block an initialized network
     * @param name graph name
     * @param file target {@code .onnx}
     */
    public static void write(Block block, String name, Path file) {
        ModelProto m = export(block, name);
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), ".export", ".onnx");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                m.writeTo(out);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new FerModelException(file.toString(), "cannot write ONNX file: " + e.getMessage(), e);
        }
    }

    /** Appends the nodes of {@code block} reading tensor {@code in}; returns the name of its output tensor. */
    private String emit(Block block, String in) {
        if (block instanceof SequentialBlock seq) {
            String x = in;
            for (Pair<String, Block> child : seq.getChildren()) {
                x = emit(child.getValue(), x);
            }
            return x;
        }
        if (block instanceof Residual r) {
            String main = emit(r.main(), in);
            String shortcut = r.shortcut() == null ? in : emit(r.shortcut(), in);
            String sum = node("Add", main, shortcut);
            return node("Relu", sum);
        }
        if (block instanceof Conv2d c) {
            String w = initializer(c.getParameters().get("weight").getArray());
            NodeProto.Builder n = NodeProto.newBuilder().setOpType("Conv").addInput(in).addInput(w);
            if (c.getParameters().contains("bias")) {
                n.addInput(initializer(c.getParameters().get("bias").getArray()));
            }
            long[] k = c.getKernelShape().getShape();
            long[] s = c.getStride().getShape();
            long[] p = c.getPadding().getShape();
            n.addAttribute(ints("kernel_shape", k)).addAttribute(ints("strides", s))
                    .addAttribute(ints("pads", new long[] {p[0], p[1], p[0], p[1]}))
                    .addAttribute(ints("dilations", c.getDilation().getShape()))
                    .addAttribute(AttributeProto.newBuilder().setName("group").setType(AttributeProto.AttributeType.INT).setI(c.getGroups()));
            return add(n);
        }
        if (block instanceof BatchNorm b) {
            NodeProto.Builder n = NodeProto.newBuilder().setOpType("BatchNormalization").addInput(in)
                    .addInput(initializer(b.getParameters().get("gamma").getArray()))
                    .addInput(initializer(b.getParameters().get("beta").getArray()))
                    .addInput(initializer(b.getParameters().get("runningMean").getArray()))
                    .addInput(initializer(b.getParameters().get("runningVar").getArray()))
                    .addAttribute(AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT).setF(BN_EPSILON));
            return add(n);
        }
        if (block instanceof Linear l) {
            NodeProto.Builder n = NodeProto.newBuilder().setOpType("Gemm").addInput(in)
                    .addInput(initializer(l.getParameters().get("weight").getArray()))
                    .addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(1));
            if (l.getParameters().contains("bias")) {
                n.addInput(initializer(l.getParameters().get("bias").getArray()));
            }
            return add(n);
        }
        if (block instanceof Dropout) {
            return in;
        }
        if (block instanceof Relu r) {
            return r.slope() == 0 ? node("Relu", in) : leaky(in, r.slope());
        }
        if (block instanceof RReLU r) {
            return leaky(in, r.inferenceSlope());
        }
        if (block instanceof MaxPool m) {
            NodeProto.Builder n = NodeProto.newBuilder().setOpType("MaxPool").addInput(in)
                    .addAttribute(ints("kernel_shape", new long[] {m.kernel(), m.kernel()}))
                    .addAttribute(ints("strides", new long[] {m.stride(), m.stride()}))
                    .addAttribute(ints("pads", new long[] {m.pad(), m.pad(), m.pad(), m.pad()}));
            return add(n);
        }
        if (block instanceof GlobalAvgPool) {
            return flatten(node("GlobalAveragePool", in));
        }
        if (block instanceof Flatten) {
            return flatten(in);
        }
        throw new IllegalArgumentException("ONNX export does not support block " + block.getClass().getName());
    }

    private String leaky(String in, float alpha) {
        return add(NodeProto.newBuilder().setOpType("LeakyRelu").addInput(in)
                .addAttribute(AttributeProto.newBuilder().setName("alpha").setType(AttributeProto.AttributeType.FLOAT).setF(alpha)));
    }

    private String flatten(String in) {
        return add(NodeProto.newBuilder().setOpType("Flatten").addInput(in)
                .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1)));
    }

    private String node(String op, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op);
        for (String i : inputs) {
            n.addInput(i);
        }
        return add(n);
    }

    private String add(NodeProto.Builder n) {
        String out = n.getOpType().toLowerCase() + "_" + (counter++);
        graph.addNode(n.setName(out).addOutput(out));
        return out;
    }

    private String initializer(NDArray a) {
        String name = "w_" + (counter++);
        float[] v = a.toFloatArray();
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(buf.array()));
        for (long d : a.getShape().getShape()) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    private static AttributeProto ints(String name, long[] values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    private static ValueInfoProto valueInfo(String name, String batch, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }
}
