package org.fer4j.models.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ReLU ({@code slope == 0}) or leaky ReLU. A named block rather than DJL's lambda so that the ONNX exporter can
 * recognise it.
 */
public final class Relu extends AbstractBlock {
    private final float slope;

    /** Plain ReLU. */
    public Relu() {
        this(0f);
    }

    /** @param slope slope for negative inputs, 0 for plain ReLU */
    public Relu(float slope) {
        super((byte) 1);
        this.slope = slope;
    }

    /** @return slope for negative inputs */
    public float slope() {
        return slope;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(slope == 0 ? Activation.relu(inputs.singletonOrThrow()) : Activation.leakyRelu(inputs.singletonOrThrow(), slope));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
