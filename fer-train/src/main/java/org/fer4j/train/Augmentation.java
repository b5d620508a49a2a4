package org.fer4j.train;

/**
 * Train-time augmentation settings. All operate on 48x48 gray values 0..255 before normalization.
 *
 * @param flip mirror left-right with probability 1/2
 * @param maxShift translate by up to this many pixels in x and y (edge pixels repeat)
 * @param maxRotationDegrees rotate by up to this angle either way
 * @param maxScale zoom in or out by up to this fraction (0.1 = 90%..110%)
 * @param brightness add up to +-this fraction of 255 (the tutorial used 0.5)
 * @param contrast scale around the mean by 1 +- this fraction (the tutorial used 0.5)
 * @param erasingProbability chance of blanking one random rectangle (random erasing)
 */
public record Augmentation(boolean flip, int maxShift, float maxRotationDegrees, float maxScale, float brightness, float contrast,
        float erasingProbability) {

    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(false, 0, 0, 0, 0, 0, 0);
    /** The tutorial's: flip and +-50% brightness and contrast. */
    public static final Augmentation TUTORIAL = new Augmentation(true, 0, 0, 0, 0.5f, 0.5f, 0);
    /** fer4j's default: flip, 4 px shift, 10 degrees, 10% zoom, mild photometric jitter, random erasing. */
    public static final Augmentation STRONG = new Augmentation(true, 4, 10, 0.1f, 0.2f, 0.2f, 0.25f);

    /**
     * @param name a preset: {@code none}, {@code tutorial} or {@code strong} (any case)
     * @return that preset
     */
    public static Augmentation parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "none" -> NONE;
            case "tutorial" -> TUTORIAL;
            case "strong" -> STRONG;
            default -> throw new IllegalArgumentException("augmentation must be none, tutorial or strong, got '" + name + "'");
        };
    }

    /** @return the preset's name ({@code none}, {@code tutorial}, {@code strong}), or empty for custom settings */
    public java.util.Optional<String> presetName() {
        return equals(NONE) ? java.util.Optional.of("none") : equals(TUTORIAL) ? java.util.Optional.of("tutorial")
                : equals(STRONG) ? java.util.Optional.of("strong") : java.util.Optional.empty();
    }

    /** @return whether any geometric transform is on */
    public boolean geometric() {
        return maxShift > 0 || maxRotationDegrees > 0 || maxScale > 0;
    }
}
