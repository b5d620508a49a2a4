package org.fer4j.models.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;

/**
 * Counts multiply-accumulates of one forward pass by walking a block tree with its shapes, and trainable
 * parameters. Convolutions and linear layers only: batch norm, activations and pooling add well under 1%.
 */
public final class Complexity {
    private Complexity() {
    }

    /**
     * @param block an architecture (need not be initialized)
     * @param input input shape of one image, e.g. (1, 1, 48, 48)
     * @return multiply-accumulates for that input (FLOPs are twice this)
     */
    public static long macs(Block block, Shape input) {
        MacCounter counter = new MacCounter();
        counter.visit(block, input);
        return counter.macs;
    }

    /** Walks the blocks with their input shapes, adding up the convolutions' and linear layers' work. */
    private static final class MacCounter implements BlockVisitor<Shape> {
        long macs;

        @Override
        public Shape residual(Residual r, Shape in) {
            visit(r.main(), in);
            if (r.shortcut() != null) {
                visit(r.shortcut(), in);
            }
            return r.getOutputShapes(new Shape[] {in})[0];
        }

        @Override
        public Shape conv(Conv2d c, Shape in) {
            Shape out = c.getOutputShapes(new Shape[] {in})[0];
            long perOutput = in.get(1) / c.getGroups() * c.getKernelShape().size();
            macs += out.slice(1).size() * perOutput * in.get(0);
            return out;
        }

        @Override
        public Shape linear(Linear l, Shape in) {
            Shape out = l.getOutputShapes(new Shape[] {in})[0];
            macs += in.size() * out.get(out.dimension() - 1);
            return out;
        }

        /** Everything else (batch norm, activations, pooling) costs well under 1% and only passes its shape on. */
        @Override
        public Shape other(Block block, Shape in) {
            return block.getOutputShapes(new Shape[] {in})[0];
        }
    }

    /**
     * @param block an initialized block
     * @return number of trainable values (running statistics of batch norm excluded, as PyTorch counts)
     */
    public static long trainableParameters(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }
}
