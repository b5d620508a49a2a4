package org.fer4j.data;

import java.util.Objects;

import org.fer4j.core.Emotion;
import org.fer4j.core.FaceImage;

/**
 * One validated FER2013 CSV row.
 *
 * @param line 1-based line in the source file
 * @param emotion the label
 * @param image the 48x48 face
 * @param usage the split
 */
public record Fer2013Row(long line, Emotion emotion, FaceImage image, Usage usage) {
    /** Validates the fields. */
    public Fer2013Row {
        Objects.requireNonNull(emotion, "emotion");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(usage, "usage");
    }
}
