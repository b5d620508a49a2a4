package org.fer4j.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Randomized leaky ReLU (Xu et al. 2015), which DJL lacks: while training, each negative input is scaled by a slope
 * drawn uniformly from [lower, upper]; at inference by the mean slope (lower + upper) / 2, which makes the exported
 * graph an ordinary LeakyRelu.
 */
public final class RReLU extends AbstractBlock {
    private static final byte VERSION = 1;
    private final float lower;
    private final float upper;

    /** The PyTorch defaults, slopes in [1/8, 1/3] (11/48 at inference). */
    public RReLU() {
        this(1f / 8, 1f / 3);
    }

    /**
     * @param lower least slope
     * @param upper greatest slope
     */
    public RReLU(float lower, float upper) {
        super(VERSION);
        if (!(lower >= 0 && lower <= upper)) {
            throw new IllegalArgumentException("need 0 <= lower <= upper, got " + lower + ", " + upper);
        }
        this.lower = lower;
        this.upper = upper;
    }

    /** @return the slope used at inference */
    public float inferenceSlope() {
        return (lower + upper) / 2;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training) {
            return new NDList(x.getNDArrayInternal().leakyRelu(inferenceSlope()));
        }
        NDArray slope = x.getManager().randomUniform(lower, upper, x.getShape(), x.getDataType(), x.getDevice());
        NDArray negative = x.lt(0);
        return new NDList(NDArrays.where(negative, x.mul(slope), x));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public String toString() {
        return "RReLU(" + lower + ", " + upper + ")";
    }
}
