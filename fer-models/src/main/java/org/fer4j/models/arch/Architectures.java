package org.fer4j.models.arch;

import java.util.Arrays;

import org.fer4j.models.nn.Flatten;
import org.fer4j.models.nn.GlobalAvgPool;
import org.fer4j.models.nn.MaxPool;
import org.fer4j.models.nn.RReLU;
import org.fer4j.models.nn.Relu;
import org.fer4j.models.nn.Residual;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * Builders for every architecture, each taking a (N, 1, 48, 48) input and giving (N, 7) logits.
 * Layer specs of the {@code seed-*} presets follow the reference tutorial (shared/design/REFERENCE_MODELS.md).
 */
public final class Architectures {
    /** Emotion classes. */
    private static final int CLASSES = 7;

    private Architectures() {
    }

    /**
     * The tutorial's FaceCNN: three conv/BN/RReLU/max-pool stages and a 9216-4096-1024-256-7 head;
     * 42,582,919 trainable parameters; conv weights from N(0, 0.04).
     *
     * @return the block
     */
    public static Block seedCnn() {
        SequentialBlock net = new SequentialBlock();
        java.util.List<Conv2d> convs = new java.util.ArrayList<>();
        for (int out : new int[] {64, 128, 256}) {
            Conv2d conv = conv(out, 3, 1, 1, true);
            convs.add(conv);
            net.add(conv).add(BatchNorm.builder().build()).add(new RReLU()).add(new MaxPool(2, 2, 0));
        }
        net.add(new Flatten())
                .add(Dropout.builder().optRate(0.2f).build())
                .add(linear(4096)).add(new RReLU())
                .add(Dropout.builder().optRate(0.5f).build())
                .add(linear(1024)).add(new RReLU())
                .add(linear(256)).add(new RReLU())
                .add(linear(CLASSES));
        // linear layers keep PyTorch's default, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), as the tutorial's did
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1f),
                Parameter.Type.WEIGHT);
        for (Conv2d c : convs) {
            c.setInitializer(new NormalInitializer(0.04f), Parameter.Type.WEIGHT);
        }
        return net;
    }

    /**
     * The tutorial's VGG: conv blocks (2x32, 3x64, 3x128) each followed by max-pool, then 4608-4096-4096-7 with dropout.
     *
     * @return the block
     */
    public static Block seedVgg() {
        SequentialBlock net = new SequentialBlock();
        int[][] stages = {{2, 32}, {3, 64}, {3, 128}};
        for (int[] s : stages) {
            for (int i = 0; i < s[0]; i++) {
                net.add(conv(s[1], 3, 1, 1, true)).add(new Relu());
            }
            net.add(new MaxPool(2, 2, 0));
        }
        net.add(new Flatten())
                .add(linear(4096)).add(new Relu()).add(Dropout.builder().optRate(0.5f).build())
                .add(linear(4096)).add(new Relu()).add(Dropout.builder().optRate(0.5f).build())
                .add(linear(CLASSES));
        he(net);
        return net;
    }

    /**
     * The tutorial's ResNet-18 shape: 7x7/2 stem and 3x3/2 max-pool, four stages of two basic units (64, 128, 256, 512),
     * global average pool, 512-7.
     *
     * @return the block
     */
    public static Block seedResnet() {
        SequentialBlock net = new SequentialBlock()
                .add(conv(64, 7, 2, 3, false)).add(BatchNorm.builder().build()).add(new Relu())
                .add(new MaxPool(3, 2, 1));
        int in = 64;
        for (int out : new int[] {64, 128, 256, 512}) {
            int stride = out == 64 ? 1 : 2;
            net.add(basicUnit(in, out, stride)).add(basicUnit(out, out, 1));
            in = out;
        }
        net.add(new GlobalAvgPool()).add(linear(CLASSES));
        he(net);
        return net;
    }

    /**
     * The tutorial comparison script's simple CNN: conv 64 (no pad), pool 2, conv 256 (no pad), pool 3, 12544-4096-1024-7.
     *
     * @return the block
     */
    public static Block seedSimpleCnn() {
        SequentialBlock net = new SequentialBlock()
                .add(conv(64, 3, 1, 0, true)).add(new Relu()).add(new MaxPool(2, 2, 0))
                .add(conv(256, 3, 1, 0, true)).add(new Relu()).add(new MaxPool(3, 3, 0))
                .add(new Flatten())
                .add(linear(4096)).add(new Relu())
                .add(linear(1024)).add(new Relu())
                .add(linear(CLASSES));
        he(net);
        return net;
    }

    /**
     * fer4j's own network for 48x48 faces on a CPU: a conv stem at full resolution, then residual stages at 24, 12 and 6
     * pixels, each widening the channels, global average pooling and one linear layer. No 9216x4096 layer: almost all
     * computation is in 3x3 convolutions, which CPUs run efficiently.
     *
     * @param width channels of the stem; stages use 2x, 4x and 8x
     * @return the block
     */
    public static Block ferNet(int width) {
        return ferNet(width, 1, 1, 1);
    }

    /**
     * fer-net with more residual units per stage. Depth is the cheaper lever on 24 and 12 pixel feature maps: an extra
     * unit costs the same MACs at every stage, but its parameters grow with the square of the channels, so the 256-channel
     * stage is where a 10 MB weight budget runs out (a second unit there adds 1.18 M parameters).
     *
     * @param width channels of the stem; stages use 2x, 4x and 8x
     * @param units residual units in each of the three stages, each at least 1; the first unit of a stage widens the channels
     * @return the block
     */
    public static Block ferNet(int width, int... units) {
        if (units.length != 3 || Arrays.stream(units).anyMatch(u -> u < 1)) {
            throw new IllegalArgumentException("fer-net needs 3 stages of at least 1 unit, got " + Arrays.toString(units));
        }
        SequentialBlock net = new SequentialBlock()
                .add(conv(width, 3, 1, 1, false)).add(BatchNorm.builder().build()).add(new Relu())
                .add(conv(width, 3, 1, 1, false)).add(BatchNorm.builder().build()).add(new Relu())
                .add(new MaxPool(2, 2, 0));
        int in = width;
        for (int k = 1; k <= 3; k++) {
            int out = width << k;
            net.add(basicUnit(in, out, 1));
            for (int u = 1; u < units[k - 1]; u++) {
                net.add(basicUnit(out, out, 1));
            }
            if (k < 3) {
                net.add(new MaxPool(2, 2, 0));
            }
            in = out;
        }
        net.add(new GlobalAvgPool()).add(Dropout.builder().optRate(0.3f).build()).add(linear(CLASSES));
        he(net);
        return net;
    }

    /** Residual basic unit: conv3x3(s)-BN-ReLU-conv3x3-BN plus identity or a 1x1(s)-BN projection, then ReLU. */
    private static Block basicUnit(int in, int out, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(conv(out, 3, stride, 1, false)).add(BatchNorm.builder().build()).add(new Relu())
                .add(conv(out, 3, 1, 1, false)).add(BatchNorm.builder().build());
        Block shortcut = null;
        if (in != out || stride != 1) {
            shortcut = new SequentialBlock().add(conv(out, 1, stride, 0, false)).add(BatchNorm.builder().build());
        }
        return new Residual(main, shortcut);
    }

    private static Conv2d conv(int filters, int kernel, int stride, int pad, boolean bias) {
        Conv2d.Builder b = Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(pad, pad));
        if (!bias) {
            b.optBias(false);
        }
        return b.build();
    }

    private static Linear linear(int units) {
        return Linear.builder().setUnits(units).build();
    }

    /** He (Kaiming) normal initialization for ReLU networks. */
    private static void he(Block net) {
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2f),
                Parameter.Type.WEIGHT);
    }
}
