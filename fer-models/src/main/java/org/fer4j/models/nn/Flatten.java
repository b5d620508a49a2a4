package org.fer4j.models.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** (N, C, H, W) to (N, C*H*W), as a named block for the exporter. */
public final class Flatten extends AbstractBlock {
    /** Creates the block. */
    public Flatten() {
        super((byte) 1);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        ai.djl.ndarray.NDArray x = inputs.singletonOrThrow();
        return new NDList(x.reshape(x.getShape().get(0), -1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), in[0].slice(1).size())};
    }
}
