package org.fer4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fer4j.models.arch.Architectures;
import org.fer4j.models.nn.Complexity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

class ArchitecturesTest {

    /** Trainable parameter counts; seed-cnn's is the tutorial's published 42,582,919. */
    @ParameterizedTest
    @CsvSource({"seed-cnn,42582919", "seed-vgg,36159399", "seed-resnet,11173831", "seed-simple-cnn,55735175", "fer-net,1218343",
        "fer-net-s,305815", "fer-net-d,1587751", "fer-net-d3,1957159", "fer-net-dw,2479087"})
    void parameterCountAndOutputShape(String name, long params) {
        ModelSpec spec = ModelRegistry.get(name);
        try (Model model = Model.newInstance(name, "PyTorch")) {
            Block block = spec.newBlock();
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 1, 48, 48));
            NDArray x = model.getNDManager().randomNormal(new Shape(2, 1, 48, 48));
            NDArray y = block.forward(new ParameterStore(model.getNDManager(), false), new NDList(x), false).singletonOrThrow();
            assertArrayEquals(new long[] {2, 7}, y.getShape().getShape());
            long n = Complexity.trainableParameters(block);
            long macs = Complexity.macs(spec.newBlock(), ModelSpec.INPUT);
            System.out.printf("%-16s params %,12d  MACs/image %,14d%n", name, n, macs);
            assertTrue(macs > 0);
            assertEquals(params, n);
        }
    }

    @Test
    void ferNetRefusesStagesWithoutUnits() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architectures.ferNet(32, 2, 0, 1));
        assertTrue(e.getMessage().contains("[2, 0, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Architectures.ferNet(32, 2, 2));
    }
}
