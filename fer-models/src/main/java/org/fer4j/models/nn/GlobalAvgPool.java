package org.fer4j.models.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Mean over the spatial axes: (N, C, H, W) to (N, C). */
public final class GlobalAvgPool extends AbstractBlock {
    /** Creates the block. */
    public GlobalAvgPool() {
        super((byte) 1);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(inputs.singletonOrThrow().mean(new int[] {3}).mean(new int[] {2}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return new Shape[] {new Shape(in[0].get(0), in[0].get(1))};
    }
}
