package org.fer4j.train;

import java.util.SplittableRandom;

import org.fer4j.core.FaceImage;

/**
 * Applies an {@link Augmentation} to one 48x48 face. Geometric transforms are one inverse-mapped affine warp with
 * bilinear sampling (edge pixels repeat), so flip, shift, rotation and zoom cost a single pass. Stateless: the random
 * source is passed in, which keeps runs reproducible from a seed.
 */
public final class Augmenter {
    private static final int S = FaceImage.SIZE;
    private final Augmentation aug;

    /** @param aug the settings */
    public Augmenter(Augmentation aug) {
        this.aug = aug;
    }

    /**
     * Transforms {@code img[off .. off+2304)} in place.
     *
     * @param img gray values 0..255
     * @param off first value
     * @param tmp scratch of at least 2,304 floats
     * @param rnd random source
     */
    public void apply(float[] img, int off, float[] tmp, SplittableRandom rnd) {
        boolean flip = aug.flip() && rnd.nextBoolean();
        if (aug.geometric()) {
            double angle = Math.toRadians(uniform(rnd, aug.maxRotationDegrees()));
            double scale = 1 + uniform(rnd, aug.maxScale());
            double dx = aug.maxShift() == 0 ? 0 : rnd.nextInt(-aug.maxShift(), aug.maxShift() + 1);
            double dy = aug.maxShift() == 0 ? 0 : rnd.nextInt(-aug.maxShift(), aug.maxShift() + 1);
            warp(img, off, tmp, angle, scale, dx, dy, flip);
        } else if (flip) {
            for (int y = 0; y < S; y++) {
                int row = off + y * S;
                for (int x = 0; x < S / 2; x++) {
                    float t = img[row + x];
                    img[row + x] = img[row + S - 1 - x];
                    img[row + S - 1 - x] = t;
                }
            }
        }
        if (aug.brightness() > 0 || aug.contrast() > 0) {
            float b = (float) uniform(rnd, aug.brightness()) * 255f;
            float c = 1 + (float) uniform(rnd, aug.contrast());
            float mean = 0;
            for (int i = 0; i < FaceImage.PIXELS; i++) {
                mean += img[off + i];
            }
            mean /= FaceImage.PIXELS;
            for (int i = 0; i < FaceImage.PIXELS; i++) {
                float v = (img[off + i] - mean) * c + mean + b;
                img[off + i] = v < 0 ? 0 : Math.min(v, 255f);
            }
        }
        if (aug.erasingProbability() > 0 && rnd.nextDouble() < aug.erasingProbability()) {
            // rectangle of 2%..20% of the area, aspect 0.3..3.3, filled with noise as in Zhong et al.
            double area = (0.02 + rnd.nextDouble() * 0.18) * FaceImage.PIXELS;
            double ratio = Math.exp(Math.log(0.3) + rnd.nextDouble() * (Math.log(3.3) - Math.log(0.3)));
            int h = (int) Math.min(S, Math.round(Math.sqrt(area * ratio)));
            int w = (int) Math.min(S, Math.round(Math.sqrt(area / ratio)));
            int y0 = rnd.nextInt(S - h + 1);
            int x0 = rnd.nextInt(S - w + 1);
            for (int y = y0; y < y0 + h; y++) {
                for (int x = x0; x < x0 + w; x++) {
                    img[off + y * S + x] = rnd.nextInt(256);
                }
            }
        }
    }

    private static double uniform(SplittableRandom rnd, double max) {
        return max == 0 ? 0 : (rnd.nextDouble() * 2 - 1) * max;
    }

    /** Inverse-maps each output pixel through rotation/zoom about the centre, then shift and optional mirror. */
    private static void warp(float[] img, int off, float[] tmp, double angle, double scale, double dx, double dy, boolean flip) {
        System.arraycopy(img, off, tmp, 0, FaceImage.PIXELS);
        double c = (S - 1) / 2.0;
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        for (int y = 0; y < S; y++) {
            double yy = y - c - dy;
            for (int x = 0; x < S; x++) {
                double xx = (flip ? S - 1 - x : x) - c - dx;
                double sx = cos * xx + sin * yy + c;
                double sy = -sin * xx + cos * yy + c;
                img[off + y * S + x] = bilinear(tmp, sx, sy);
            }
        }
    }

    private static float bilinear(float[] src, double x, double y) {
        x = Math.max(0, Math.min(S - 1, x));
        y = Math.max(0, Math.min(S - 1, y));
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(S - 1, x0 + 1);
        int y1 = Math.min(S - 1, y0 + 1);
        float fx = (float) (x - x0);
        float fy = (float) (y - y0);
        float top = src[y0 * S + x0] * (1 - fx) + src[y0 * S + x1] * fx;
        float bottom = src[y1 * S + x0] * (1 - fx) + src[y1 * S + x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
