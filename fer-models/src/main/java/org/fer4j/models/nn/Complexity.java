package org.fer4j.models.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
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
        return walk(block, input);
    }

    private static long walk(Block block, Shape in) {
        if (block instanceof SequentialBlock seq) {
            long total = 0;
            Shape s = in;
            for (Pair<String, Block> child : seq.getChildren()) {
                total += walk(child.getValue(), s);
                s = child.getValue().getOutputShapes(new Shape[] {s})[0];
            }
            return total;
        }
        if (block instanceof Residual r) {
            return walk(r.main(), in) + (r.shortcut() == null ? 0 : walk(r.shortcut(), in));
        }
        if (block instanceof Convolution c) {
            Shape out = c.getOutputShapes(new Shape[] {in})[0];
            long perOutput = in.get(1) / c.getGroups() * c.getKernelShape().size();
            return out.slice(1).size() * perOutput * in.get(0);
        }
        if (block instanceof Linear l) {
            Shape out = l.getOutputShapes(new Shape[] {in})[0];
            return in.size() * out.get(out.dimension() - 1);
        }
        long total = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            total += walk(child.getValue(), in);
        }
        return total;
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
