package org.fer4j.models;

/**
 * Histogram equalization of 8-bit gray images, with the same rounding as OpenCV's {@code equalizeHist}
 * (lookup {@code round((cdf(v) - cdf_min) * 255 / (n - cdf_min))}), so a face equalized here and one equalized by
 * OpenCV agree.
 */
public final class HistogramEqualization {
    private HistogramEqualization() {
    }

    /**
     * @param px pixels
     * @param offset first pixel
     * @param n number of pixels
     * @return the 256-entry lookup table mapping each gray value to its equalized value
     */
    public static int[] lut(byte[] px, int offset, int n) {
        int[] hist = new int[256];
        for (int i = offset; i < offset + n; i++) {
            hist[px[i] & 0xFF]++;
        }
        int[] lut = new int[256];
        int first = 0;
        while (first < 256 && hist[first] == 0) {
            first++;
        }
        if (first == 256 || hist[first] == n) {
            // constant image: OpenCV maps it to itself
            for (int v = 0; v < 256; v++) {
                lut[v] = v;
            }
            return lut;
        }
        float scale = 255f / (n - hist[first]);
        int sum = 0;
        for (int v = first + 1; v < 256; v++) {
            sum += hist[v];
            lut[v] = Math.min(255, Math.max(0, Math.round(sum * scale)));
        }
        return lut;
    }
}
