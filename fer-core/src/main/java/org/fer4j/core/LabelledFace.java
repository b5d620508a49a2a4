package org.fer4j.core;

import java.util.Objects;

/**
 * A face with its ground-truth emotion.
 *
 * @param image the face
 * @param emotion its label
 */
public record LabelledFace(FaceImage image, Emotion emotion) {
    /** Validates the fields. */
    public LabelledFace {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(emotion, "emotion");
    }
}
