package org.fer4j.models.onnx;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.fer4j.core.io.AtomicOutput;
import org.fer4j.models.FerModelException;

import com.google.protobuf.ByteString;

import ai.djl.ndarray.NDArray;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/** Builds one ONNX graph: unique node and initializer names, typed initializers, attributes and the atomic file write. */
final class GraphWriter {
    /** ONNX operator set the graphs target. */
    static final int OPSET = 13;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    /** Adds a node; its one output is named after the node. @return the output name */
    String add(NodeProto.Builder n) {
        String out = n.getOpType().toLowerCase() + "_" + (counter++);
        graph.addNode(n.setName(out).addOutput(out));
        return out;
    }

    String node(String op, String... inputs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op);
        for (String i : inputs) {
            n.addInput(i);
        }
        return add(n);
    }

    /** A DJL array (weights, batch-norm statistics) as a float initializer of the same shape. */
    String floats(NDArray a) {
        return floats(a.toFloatArray(), a.getShape().getShape());
    }

    String floats(float[] v, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        return initializer(TensorProto.DataType.FLOAT, buf.array(), dims);
    }

    String int32s(int[] v, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(v);
        return initializer(TensorProto.DataType.INT32, buf.array(), dims);
    }

    String int8s(byte[] v, long... dims) {
        return initializer(TensorProto.DataType.INT8, v, dims);
    }

    String uint8s(byte[] v, long... dims) {
        return initializer(TensorProto.DataType.UINT8, v, dims);
    }

    private String initializer(TensorProto.DataType type, byte[] raw, long... dims) {
        String name = "w_" + (counter++);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber()).setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    /**
     * @param name graph name
     * @param out the tensor that becomes output {@code logits}
     * @return the model with input {@code input} (batch, 1, 48, 48) and output {@code logits} (batch, 7)
     */
    ModelProto model(String name, String out) {
        graph.setName(name);
        graph.addInput(valueInfo("input", "batch", 1, 48, 48));
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName("output").addInput(out).addOutput("logits"));
        graph.addOutput(valueInfo("logits", "batch", 7));
        return ModelProto.newBuilder().setIrVersion(7).setProducerName("fer4j").setProducerVersion("0.1")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET)).setGraph(graph).build();
    }

    /** Writes the graph whole or not at all ({@link AtomicOutput}). */
    static void write(ModelProto m, Path file) {
        try {
            AtomicOutput.writeFile(file, m::writeTo);
        } catch (UncheckedIOException e) {
            throw new FerModelException(file.toString(), "cannot write ONNX file: " + e.getCause().getMessage(), e);
        }
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
