package org.fer4j.models.nn;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;

/**
 * One walk over the block types fer4j's architectures are built from, shared by everything that reads an architecture
 * block by block (the float and int8 ONNX exporters, the multiply-accumulate count): a new block type is added here
 * once, and every walker that does not handle it says so by name instead of silently skipping it.
 *
 * @param <V> what flows from block to block: a tensor name, a tensor with calibration data, a shape
 */
public interface BlockVisitor<V> {

    /**
     * @param block any block
     * @param in what flows into it
     * @return what flows out of it
     */
    default V visit(Block block, V in) {
        if (block instanceof SequentialBlock s) {
            return sequential(s, in);
        }
        if (block instanceof Residual r) {
            return residual(r, in);
        }
        if (block instanceof Conv2d c) {
            return conv(c, in);
        }
        if (block instanceof BatchNorm b) {
            return batchNorm(b, in);
        }
        if (block instanceof Linear l) {
            return linear(l, in);
        }
        if (block instanceof Dropout d) {
            return dropout(d, in);
        }
        if (block instanceof Relu r) {
            return relu(r, in);
        }
        if (block instanceof RReLU r) {
            return rrelu(r, in);
        }
        if (block instanceof MaxPool m) {
            return maxPool(m, in);
        }
        if (block instanceof GlobalAvgPool p) {
            return globalAvgPool(p, in);
        }
        if (block instanceof Flatten f) {
            return flatten(f, in);
        }
        return other(block, in);
    }

    /** @param s a chain of blocks @param in its input @return the last child's output (children in order by default) */
    default V sequential(SequentialBlock s, V in) {
        V x = in;
        for (Pair<String, Block> child : s.getChildren()) {
            x = visit(child.getValue(), x);
        }
        return x;
    }

    /** @param r a residual unit @param in its input @return its output */
    default V residual(Residual r, V in) {
        return other(r, in);
    }

    /** @param c a convolution @param in its input @return its output */
    default V conv(Conv2d c, V in) {
        return other(c, in);
    }

    /** @param b a batch norm @param in its input @return its output */
    default V batchNorm(BatchNorm b, V in) {
        return other(b, in);
    }

    /** @param l a linear layer @param in its input @return its output */
    default V linear(Linear l, V in) {
        return other(l, in);
    }

    /** @param d dropout, the identity at inference @param in its input @return its output ({@code in} by default) */
    default V dropout(Dropout d, V in) {
        return in;
    }

    /** @param r a (leaky) ReLU @param in its input @return its output */
    default V relu(Relu r, V in) {
        return other(r, in);
    }

    /** @param r a randomized leaky ReLU @param in its input @return its output */
    default V rrelu(RReLU r, V in) {
        return other(r, in);
    }

    /** @param m max pooling @param in its input @return its output */
    default V maxPool(MaxPool m, V in) {
        return other(m, in);
    }

    /** @param p global average pooling @param in its input @return its output */
    default V globalAvgPool(GlobalAvgPool p, V in) {
        return other(p, in);
    }

    /** @param f flatten @param in its input @return its output */
    default V flatten(Flatten f, V in) {
        return other(f, in);
    }

    /**
     * A block this walker does not handle.
     *
     * @param block the block
     * @param in its input
     * @return its output, where a walker can say it generically
     * @throws IllegalArgumentException naming the block's class, by default
     */
    default V other(Block block, V in) {
        throw new IllegalArgumentException(getClass().getSimpleName() + " does not support block " + block.getClass().getName());
    }
}
