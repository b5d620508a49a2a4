package org.fer4j.core;

import java.util.Arrays;

/**
 * An immutable 48x48 8-bit grayscale face, row-major, as FER2013 stores it.
 *
 * <p>Pixels are held as a {@code byte[]} (unsigned values 0..255) so that a whole dataset fits in
 * memory compactly; use {@link #get(int, int)} or {@link #copyTo(float[], int)} to read them as numbers.
 */
public final class FaceImage {
    /** Side length in pixels. */
    public static final int SIZE = 48;
    /** Number of pixels, 48 x 48. */
    public static final int PIXELS = SIZE * SIZE;

    private final byte[] pixels;

    private FaceImage(byte[] pixels) {
        this.pixels = pixels;
    }

    /**
     * @param pixels 2,304 unsigned bytes, row-major; copied
     * @return the face
     * @throws IllegalArgumentException when the length is not 2,304
     */
    public static FaceImage of(byte[] pixels) {
        checkLength(pixels.length);
        return new FaceImage(pixels.clone());
    }

    /**
     * Wraps an array without copying. The caller hands over ownership and must not modify it afterwards.
     *
     * @param pixels 2,304 unsigned bytes, row-major
     * @return the face
     */
    public static FaceImage wrap(byte[] pixels) {
        checkLength(pixels.length);
        return new FaceImage(pixels);
    }

    /**
     * @param values 2,304 values 0..255, row-major
     * @return the face
     * @throws IllegalArgumentException on a wrong length or a value outside 0..255
     */
    public static FaceImage ofInts(int[] values) {
        checkLength(values.length);
        byte[] p = new byte[PIXELS];
        for (int i = 0; i < PIXELS; i++) {
            int v = values[i];
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("pixel " + i + " is " + v + ", outside 0..255");
            }
            p[i] = (byte) v;
        }
        return new FaceImage(p);
    }

    private static void checkLength(int n) {
        if (n != PIXELS) {
            throw new IllegalArgumentException("a face has " + PIXELS + " pixels (48x48), got " + n);
        }
    }

    /**
     * @param x column 0..47
     * @param y row 0..47
     * @return the gray value 0..255
     */
    public int get(int x, int y) {
        return pixels[y * SIZE + x] & 0xFF;
    }

    /** @param i row-major index 0..2303 @return the gray value 0..255 */
    public int get(int i) {
        return pixels[i] & 0xFF;
    }

    /** @return this face mirrored left to right (for flip test-time augmentation) */
    public FaceImage mirrored() {
        byte[] m = new byte[PIXELS];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                m[y * SIZE + x] = pixels[y * SIZE + SIZE - 1 - x];
            }
        }
        return new FaceImage(m);
    }

    /**
     * @param dx columns to move the content right (negative: left)
     * @param dy rows to move the content down (negative: up)
     * @return this face translated, the uncovered border filled with the nearest edge pixels (for shift test-time
     *     augmentation, which mimics the small crop offsets of a face detector)
     */
    public FaceImage shifted(int dx, int dy) {
        byte[] m = new byte[PIXELS];
        for (int y = 0; y < SIZE; y++) {
            int sy = Math.min(SIZE - 1, Math.max(0, y - dy));
            for (int x = 0; x < SIZE; x++) {
                int sx = Math.min(SIZE - 1, Math.max(0, x - dx));
                m[y * SIZE + x] = pixels[sy * SIZE + sx];
            }
        }
        return new FaceImage(m);
    }

    /** @return a copy of the 2,304 pixel bytes */
    public byte[] toBytes() {
        return pixels.clone();
    }

    /**
     * Copies the pixels as floats 0..255 into {@code dst} starting at {@code offset}.
     *
     * @param dst destination
     * @param offset first index written
     */
    public void copyTo(float[] dst, int offset) {
        for (int i = 0; i < PIXELS; i++) {
            dst[offset + i] = pixels[i] & 0xFF;
        }
    }

    /** Copies the raw bytes into {@code dst} at {@code offset}. @param dst destination @param offset first index */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(pixels, 0, dst, offset, PIXELS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceImage && Arrays.equals(pixels, ((FaceImage) o).pixels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "FaceImage[48x48]";
    }
}
