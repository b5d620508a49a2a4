package org.fer4j.core;

import java.util.Locale;

/** The seven FER2013 expression classes, in the dataset's label order (0..6). */
public enum Emotion {
    /** Label 0. */
    ANGRY("angry"),
    /** Label 1, the rare class (436 of 28,709 training faces). */
    DISGUST("disgust"),
    /** Label 2. */
    FEAR("fear"),
    /** Label 3, the most common class. */
    HAPPY("happy"),
    /** Label 4. */
    SAD("sad"),
    /** Label 5. */
    SURPRISE("surprise"),
    /** Label 6. */
    NEUTRAL("neutral");

    /** Number of classes. */
    public static final int COUNT = 7;

    private static final Emotion[] BY_INDEX = values();

    private final String label;

    Emotion(String label) {
        this.label = label;
    }

    /** @return the FER2013 label index, 0..6 */
    public int index() {
        return ordinal();
    }

    /** @return the lower-case English name, e.g. {@code "happy"} */
    public String label() {
        return label;
    }

    /**
     * @param index FER2013 label, 0..6
     * @return the emotion with that label
     * @throws IllegalArgumentException when the index is outside 0..6
     */
    public static Emotion fromIndex(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("emotion label must be 0..6, got " + index);
        }
        return BY_INDEX[index];
    }

    /**
     * @param name a name as returned by {@link #label()} or the enum constant, any case
     * @return the emotion of that name
     * @throws IllegalArgumentException for an unknown name
     */
    public static Emotion fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Emotion e : BY_INDEX) {
            if (e.label.equals(n)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown emotion '" + name + "'; expected one of angry, disgust, fear, happy, sad, surprise, neutral");
    }

    @Override
    public String toString() {
        return label;
    }
}
