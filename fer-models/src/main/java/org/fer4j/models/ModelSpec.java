package org.fer4j.models;

import java.util.Objects;
import java.util.function.Supplier;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * A named model: how to build its architecture, its input, and its preprocessing.
 *
 * @param name registry name, e.g. {@code fer-net}
 * @param description one line for listings
 * @param architecture builds a fresh, uninitialized block
 * @param preprocessing the input transform shared by training and inference
 */
public record ModelSpec(String name, String description, Supplier<Block> architecture, Preprocessing preprocessing) {
    /** Input of one face: batch, channel, height, width. */
    public static final Shape INPUT = new Shape(1, 1, 48, 48);

    /** Validates the fields. */
    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(preprocessing, "preprocessing");
    }

    /** @return a new, uninitialized block of this architecture */
    public Block newBlock() {
        return architecture.get();
    }
}
