package org.fer4j.models.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** 2-D max pooling with square kernel, stride and padding (floor mode), as a named block for the exporter. */
public final class MaxPool extends AbstractBlock {
    private final int kernel;
    private final int stride;
    private final int pad;

    /**
     * @param kernel kernel side
     * @param stride stride
     * @param pad zero padding on each side
     */
    public MaxPool(int kernel, int stride, int pad) {
        super((byte) 1);
        this.kernel = kernel;
        this.stride = stride;
        this.pad = pad;
    }

    /** @return kernel side */
    public int kernel() {
        return kernel;
    }

    /** @return stride */
    public int stride() {
        return stride;
    }

    /** @return padding */
    public int pad() {
        return pad;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(Pool.maxPool2d(inputs.singletonOrThrow(), new Shape(kernel, kernel), new Shape(stride, stride),
                new Shape(pad, pad), false));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        Shape s = in[0];
        long h = (s.get(2) + 2L * pad - kernel) / stride + 1;
        long w = (s.get(3) + 2L * pad - kernel) / stride + 1;
        return new Shape[] {new Shape(s.get(0), s.get(1), h, w)};
    }
}
