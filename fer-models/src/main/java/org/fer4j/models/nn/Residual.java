package org.fer4j.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code relu(main(x) + shortcut(x))}; the shortcut is the identity when {@code null}.
 */
public final class Residual extends AbstractBlock {
    private final Block main;
    private final Block shortcut;

    /**
     * @param main the main path
     * @param shortcut the projection, or {@code null} for identity
     */
    public Residual(Block main, Block shortcut) {
        super((byte) 1);
        this.main = addChildBlock("main", main);
        this.shortcut = shortcut == null ? null : addChildBlock("shortcut", shortcut);
    }

    /** @return the main path */
    public Block main() {
        return main;
    }

    /** @return the projection shortcut, or {@code null} for identity */
    public Block shortcut() {
        return shortcut;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray m = main.forward(store, inputs, training, params).singletonOrThrow();
        NDArray s = shortcut == null ? inputs.singletonOrThrow() : shortcut.forward(store, inputs, training, params).singletonOrThrow();
        return new NDList(Activation.relu(m.add(s)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        main.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
        return main.getOutputShapes(in);
    }
}
