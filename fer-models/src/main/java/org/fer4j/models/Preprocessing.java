package org.fer4j.models;

import java.util.List;

import org.fer4j.core.FaceImage;

/**
 * How a 48x48 face becomes the network's input tensor: optional histogram equalization, then
 * {@code (pixel / 255 - mean) / std}. One definition per model, used by training and by inference alike, so the
 * tutorial's train/serve skew (equalization only at training time) cannot happen.
 *
 * @param equalize apply histogram equalization to the 8-bit face first
 * @param mean subtracted after scaling to [0, 1]
 * @param std divided by after subtracting the mean
 */
public record Preprocessing(boolean equalize, float mean, float std) {

    /** The tutorial's input: equalized, scaled to [0, 1]. */
    public static final Preprocessing TUTORIAL_EQUALIZED = new Preprocessing(true, 0f, 1f);
    /** The tutorial's VGG/ResNet input: scaled to [0, 1]. */
    public static final Preprocessing UNIT_SCALE = new Preprocessing(false, 0f, 1f);
    /** Standardized with the FER2013 Training pixel statistics (mean 0.5077, std 0.2550). */
    public static final Preprocessing FER_STANDARDIZED = new Preprocessing(false, 0.5077f, 0.2550f);

    /** Validates the fields. */
    public Preprocessing {
        if (!(std > 0) || !Float.isFinite(mean)) {
            throw new IllegalArgumentException("std must be > 0 and mean finite, got mean " + mean + " std " + std);
        }
    }

    /**
     * Applies the 8-bit stage (equalization) to raw pixels.
     *
     * @param src 2,304 pixel bytes
     * @param srcOffset first byte
     * @param dst receives 2,304 gray values 0..255 as floats (ready for augmentation)
     * @param dstOffset first float written
     */
    public void toGray(byte[] src, int srcOffset, float[] dst, int dstOffset) {
        if (equalize) {
            int[] lut = HistogramEqualization.lut(src, srcOffset, FaceImage.PIXELS);
            for (int i = 0; i < FaceImage.PIXELS; i++) {
                dst[dstOffset + i] = lut[src[srcOffset + i] & 0xFF];
            }
        } else {
            for (int i = 0; i < FaceImage.PIXELS; i++) {
                dst[dstOffset + i] = src[srcOffset + i] & 0xFF;
            }
        }
    }

    /**
     * Applies the scaling stage in place to gray values 0..255.
     *
     * @param values the values
     * @param offset first one
     * @param length how many
     */
    public void normalize(float[] values, int offset, int length) {
        float scale = 1f / (255f * std);
        float shift = mean / std;
        for (int i = offset; i < offset + length; i++) {
            values[i] = values[i] * scale - shift;
        }
    }

    /**
     * The whole transform for one face, as inference uses it.
     *
     * @param face the face
     * @param dst receives 2,304 floats
     * @param offset first index written
     */
    public void apply(FaceImage face, float[] dst, int offset) {
        byte[] px = face.toBytes();
        toGray(px, 0, dst, offset);
        normalize(dst, offset, FaceImage.PIXELS);
    }

    /**
     * The whole transform for a batch, as a network receives it.
     *
     * @param faces faces
     * @return their input values, (N x 2304) row-major
     */
    public float[] apply(List<FaceImage> faces) {
        float[] x = new float[faces.size() * FaceImage.PIXELS];
        for (int i = 0; i < faces.size(); i++) {
            apply(faces.get(i), x, i * FaceImage.PIXELS);
        }
        return x;
    }
}
