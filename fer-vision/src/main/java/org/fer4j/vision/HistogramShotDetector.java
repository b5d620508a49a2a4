package org.fer4j.vision;

import org.fer4j.core.pipeline.ShotBoundaryDetector;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Finds hard shot cuts by two cheap signs that must agree: the colour histogram jumps and the picture's layout changes.
 * Each frame is shrunk to {@value #WIDTH} pixels wide (nearest neighbour, so the cost hardly grows with the frame);
 * its pixels are counted in 16x4x4 hue-saturation-value bins, and a 32-pixel-wide gray thumbnail, normalized to zero
 * mean and unit variance, records where light and dark lie. A frame starts a new shot when the share of pixels that
 * changed colour bin exceeds {@code colourThreshold} and one minus the correlation of the two thumbnails exceeds
 * {@code layoutThreshold}. The colour test alone would take a flash or a colour-grading flicker for a cut; the layout
 * test alone would take a fast move. Gradual transitions (dissolves, fades) are not cuts here. Safe to share between
 * threads.
 */
public final class HistogramShotDetector implements ShotBoundaryDetector<Mat> {
    /** Default colour threshold, calibrated on the shared clips (docs/ux.md). */
    public static final double DEFAULT_COLOUR_THRESHOLD = 0.25;
    /** Default layout threshold, calibrated on the shared clips (docs/ux.md). */
    public static final double DEFAULT_LAYOUT_THRESHOLD = 0.5;
    /** Width of the shrunk frame the histogram is counted on. */
    public static final int WIDTH = 128;
    private static final int BINS = 16 * 4 * 4;
    private static final int THUMB_W = 32;

    private final double colourThreshold;
    private final double layoutThreshold;

    /** A detector with the calibrated default thresholds. */
    public HistogramShotDetector() {
        this(DEFAULT_COLOUR_THRESHOLD, DEFAULT_LAYOUT_THRESHOLD);
    }

    /**
     * @param colourThreshold share of pixels that must change colour bin, in (0, 1)
     * @param layoutThreshold one minus the thumbnails' correlation that must be exceeded, in (0, 2)
     */
    public HistogramShotDetector(double colourThreshold, double layoutThreshold) {
        if (!(colourThreshold > 0 && colourThreshold < 1)) {
            throw new IllegalArgumentException("colourThreshold must be in (0, 1), got " + colourThreshold);
        }
        if (!(layoutThreshold > 0 && layoutThreshold < 2)) {
            throw new IllegalArgumentException("layoutThreshold must be in (0, 2), got " + layoutThreshold);
        }
        OpenCvRuntime.load();
        this.colourThreshold = colourThreshold;
        this.layoutThreshold = layoutThreshold;
    }

    /** @return the colour histogram (first 256 values) followed by the normalized thumbnail */
    @Override
    public float[] signature(Mat frame) {
        if (frame.empty()) {
            throw new IllegalArgumentException("empty frame");
        }
        int w = Math.min(WIDTH, frame.cols());
        int h = Math.max(1, (int) Math.round((double) frame.rows() * w / frame.cols()));
        int tw = Math.min(THUMB_W, w);
        int th = Math.max(1, (int) Math.round((double) h * tw / w));
        Mat small = new Mat();
        Mat bgr = new Mat();
        Mat hsv = new Mat();
        Mat gray = new Mat();
        Mat thumb = new Mat();
        try {
            Imgproc.resize(frame, small, new Size(w, h), 0, 0, Imgproc.INTER_NEAREST);
            switch (small.channels()) {
                case 1 -> Imgproc.cvtColor(small, bgr, Imgproc.COLOR_GRAY2BGR);
                case 4 -> Imgproc.cvtColor(small, bgr, Imgproc.COLOR_BGRA2BGR);
                default -> small.copyTo(bgr);
            }
            Imgproc.cvtColor(bgr, hsv, Imgproc.COLOR_BGR2HSV);
            byte[] px = new byte[w * h * 3];
            hsv.get(0, 0, px);
            float[] sig = new float[BINS + tw * th];
            for (int i = 0; i < px.length; i += 3) {
                // OpenCV's 8-bit hue runs 0-179
                int hue = (px[i] & 0xff) * 16 / 180;
                sig[hue << 4 | ((px[i + 1] & 0xff) >> 6) << 2 | (px[i + 2] & 0xff) >> 6]++;
            }
            for (int i = 0; i < BINS; i++) {
                sig[i] /= w * h;
            }
            Imgproc.cvtColor(bgr, gray, Imgproc.COLOR_BGR2GRAY);
            Imgproc.resize(gray, thumb, new Size(tw, th), 0, 0, Imgproc.INTER_AREA);
            byte[] t = new byte[tw * th];
            thumb.get(0, 0, t);
            double mean = 0;
            for (byte b : t) {
                mean += b & 0xff;
            }
            mean /= t.length;
            double var = 0;
            for (byte b : t) {
                var += ((b & 0xff) - mean) * ((b & 0xff) - mean);
            }
            // a flat frame (black between shots) has no layout: its thumbnail stays zero and correlates with nothing
            double sd = Math.sqrt(var / t.length);
            for (int i = 0; i < t.length; i++) {
                sig[BINS + i] = sd < 1 ? 0f : (float) (((t[i] & 0xff) - mean) / sd);
            }
            return sig;
        } finally {
            small.release();
            bgr.release();
            hsv.release();
            gray.release();
            thumb.release();
        }
    }

    /**
     * @param a one frame's signature
     * @param b another's
     * @return the share of pixels that changed colour bin, 0 to 1
     */
    public static double colourDistance(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < BINS; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d / 2;
    }

    /**
     * @param a one frame's signature
     * @param b another's, of a frame of the same size
     * @return one minus the correlation of the two thumbnails, 0 (same layout) to 2 (inverted)
     */
    public static double layoutDistance(float[] a, float[] b) {
        if (a.length != b.length) {
            return 1; // frame size changed: nothing to compare the layout with
        }
        double d = 0;
        for (int i = BINS; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return 1 - d / (a.length - BINS);
    }

    @Override
    public boolean isCut(float[] previous, float[] current) {
        return colourDistance(previous, current) > colourThreshold && layoutDistance(previous, current) > layoutThreshold;
    }

    @Override
    public String toString() {
        return "colour histogram > " + colourThreshold + " and layout > " + layoutThreshold;
    }
}
