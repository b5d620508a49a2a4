package org.fer4j.vision;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fer4j.core.BoundingBox;
import org.fer4j.core.Detection;
import org.fer4j.core.FaceDetector;
import org.fer4j.core.io.NativeCache;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;

/**
 * Viola-Jones cascade detection (Haar or LBP) with OpenCV. Speed knobs that keep accuracy: detection on a gray copy
 * downscaled to at most {@code maxWidth} pixels (boxes are mapped back), and min/max face sizes. Not thread-safe: one
 * per thread. Holds native memory: close it.
 */
public final class CascadeFaceDetector implements FaceDetector<Mat> {
    static {
        // before any field's Mat is made: Mat's constructor is native
        OpenCvRuntime.load();
    }

    /** Which cascade. */
    public enum Cascade {
        /** {@code haarcascade_frontalface_default.xml}, the tutorial's. */
        HAAR("haarcascade_frontalface_default.xml"),
        /** {@code lbpcascade_frontalface_improved.xml}: faster, slightly lower recall. */
        LBP("lbpcascade_frontalface_improved.xml");

        private final String file;

        Cascade(String file) {
            this.file = file;
        }
    }

    /**
     * Least cascade confidence (the final stage's summed weight) kept by the default Haar detector. Chosen on the
     * shared test photos: it drops a hand, a painted portrait and background clutter (weights 0.7-3.9) while every true
     * frontal face there scores above 4.1.
     */
    public static final double DEFAULT_HAAR_MIN_SCORE = 4.0;
    /** Smallest face side, in pixels of the image handed to OpenCV, worth shrinking the image to (window: 24 px). */
    private static final double SHRINK_TO_MIN_FACE = 40;
    /** Where the build puts the cascade XMLs inside the jar (see fer-vision/pom.xml). */
    private static final String RESOURCES = "org/fer4j/vision/cascades/";

    private final CascadeClassifier classifier;
    private final double scaleFactor;
    private final int minNeighbors;
    private final int minFace;
    private final int maxFace;
    private final int maxWidth;
    private final boolean equalize;
    private final double minScore;
    private final double minRelativeSize;
    private final Mat gray = new Mat();
    private final Mat small = new Mat();

    private CascadeFaceDetector(Builder b) {
        OpenCvRuntime.load();
        this.classifier = new CascadeClassifier(extract(b.cascade).toString());
        if (classifier.empty()) {
            throw new IllegalStateException("OpenCV could not load cascade " + b.cascade.file);
        }
        this.scaleFactor = b.scaleFactor;
        this.minNeighbors = b.minNeighbors;
        this.minFace = b.minFace;
        this.maxFace = b.maxFace;
        this.maxWidth = b.maxWidth;
        this.equalize = b.equalize;
        this.minRelativeSize = b.minRelativeSize;
        this.minScore = b.minScore == null ? (b.cascade == Cascade.HAAR ? DEFAULT_HAAR_MIN_SCORE : Double.NEGATIVE_INFINITY) : b.minScore;
    }

    /** @return a builder; defaults are fer4j's (Haar, 1.1, 5 neighbours, confidence >= 4, detect at <= 1280 px width, faces >= 24 px and >= 30% of the largest) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the tutorial's detector: Haar, scale 1.3, 5 neighbours, full resolution, no size or score limits */
    public static CascadeFaceDetector tutorial() {
        return builder().optScaleFactor(1.3).optMinNeighbors(5).optMaxWidth(0).optMinFace(0).optEqualize(false)
                .optMinScore(Double.NEGATIVE_INFINITY).optMinRelativeSize(0).build();
    }

    /**
     * @return fer4j's live-video preset: the default Haar settings on the frame shrunk to at most 320 px width, faces
     *     of at least 48 px (a webcam face at arm's length is 100-250 px in a 640x480 frame); about 2x faster than
     *     {@link #haar()} on 640x480 and blind to small faces (group photos)
     */
    public static CascadeFaceDetector fast() {
        return builder().optMaxWidth(320).optMinFace(48).build();
    }

    /** @return fer4j's tuned Haar detector (the builder's defaults; before YuNet became the default detector, the default) */
    public static CascadeFaceDetector haar() {
        return builder().build();
    }

    @Override
    public List<Detection> detect(Mat frame) {
        List<Detection> out = detectIn(frame, null, minFace, maxFace);
        if (minRelativeSize > 0 && out.size() > 1) {
            int largest = out.stream().mapToInt(d -> d.box().width()).max().orElse(0);
            out.removeIf(d -> d.box().width() < minRelativeSize * largest);
        }
        return out;
    }

    /**
     * Detects inside one region of the frame only, with face sizes given per call: what {@link RegionOfInterestDetector}
     * uses to re-find a known face near its last box at a fraction of a full scan's cost. The width cap, equalization
     * and score filter apply as in {@link #detect}; the relative-size filter does not (it is a whole-frame rule).
     *
     * @param frame BGR, BGRA or gray frame
     * @param region where to look, in frame pixels; {@code null} for the whole frame
     * @param minFacePx least face side in frame pixels (0: no limit)
     * @param maxFacePx largest face side in frame pixels (0: no limit)
     * @return faces in frame coordinates
     */
    public List<Detection> detectIn(Mat frame, BoundingBox region, int minFacePx, int maxFacePx) {
        BoundingBox r = region == null ? null : region.clip(frame.cols(), frame.rows());
        if (region != null && r == null) {
            return new ArrayList<>();
        }
        Mat view = r == null ? frame : frame.submat(new Rect(r.x(), r.y(), r.width(), r.height()));
        try {
            List<Detection> out = detectWhole(view, minFacePx, maxFacePx);
            if (r != null) {
                out.replaceAll(d -> new Detection(new BoundingBox(d.box().x() + r.x(), d.box().y() + r.y(), d.box().width(),
                        d.box().height()), d.score()));
            }
            return out;
        } finally {
            if (view != frame) {
                view.release();
            }
        }
    }

    private List<Detection> detectWhole(Mat image, int minFacePx, int maxFacePx) {
        Mat g = Gray.of(image, gray);
        double factor = 1;
        Mat input = g;
        if (maxWidth > 0 && g.cols() > maxWidth) {
            factor = (double) g.cols() / maxWidth;
        }
        // OpenCV's cascade pays for every pyramid level from the 24-px window up, even below minSize: when the
        // smallest wanted face is much larger than the window, shrinking first is about 3x cheaper (region scans)
        if (minFacePx / factor > SHRINK_TO_MIN_FACE) {
            factor = minFacePx / SHRINK_TO_MIN_FACE;
        }
        if (factor > 1) {
            Imgproc.resize(g, small, new Size(Math.max(1, Math.round(g.cols() / factor)), Math.max(1, Math.round(g.rows() / factor))), 0, 0,
                    Imgproc.INTER_AREA);
            input = small;
        }
        if (equalize) {
            if (input == g && g == image) {
                // never equalize the caller's frame in place
                g.copyTo(small);
                input = small;
            }
            Imgproc.equalizeHist(input, input);
        }
        int minSide = (int) Math.round(minFacePx / factor);
        int maxSide = maxFacePx <= 0 ? 0 : (int) Math.round(maxFacePx / factor);
        List<Detection> out = new ArrayList<>();
        try (Closer c = new Closer()) {
            MatOfRect rects = c.add(new MatOfRect());
            Size min = new Size(minSide, minSide);
            Size max = new Size(maxSide, maxSide);
            double[] weights = null;
            if (minScore == Double.NEGATIVE_INFINITY) {
                classifier.detectMultiScale(input, rects, scaleFactor, minNeighbors, 0, min, max);
            } else {
                MatOfInt levels = c.add(new MatOfInt());
                MatOfDouble w = c.add(new MatOfDouble());
                classifier.detectMultiScale3(input, rects, levels, w, scaleFactor, minNeighbors, 0, min, max, true);
                weights = rects.empty() ? new double[0] : w.toArray();
            }
            Rect[] found = rects.toArray();
            for (int i = 0; i < found.length; i++) {
                float score = weights == null ? 1f : (float) weights[i];
                if (weights != null && score < minScore) {
                    continue;
                }
                Rect rr = found[i];
                BoundingBox box = new BoundingBox(rr.x, rr.y, rr.width, rr.height);
                out.add(new Detection(factor == 1 ? box : box.scale(factor), score));
            }
        }
        return out;
    }

    @Override
    public void close() {
        gray.release();
        small.release();
    }

    /** OpenCV reads cascades from files only: the jar's copy is unpacked once per user into the native cache. */
    private static synchronized Path extract(Cascade c) {
        try {
            return NativeCache.unpack("cascade-" + c.name().toLowerCase(Locale.ROOT), CascadeFaceDetector.class.getClassLoader(),
                    Map.of(c.file, RESOURCES + c.file)).resolve(c.file);
        } catch (FileNotFoundException e) {
            throw new IllegalStateException("cascade " + c.file + " is missing from the fer-vision jar; rebuild it with Maven", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack cascade " + c.file + " into " + NativeCache.root() + ": " + e.getMessage(), e);
        }
    }

    /** Builder with {@code opt*} settings. */
    public static final class Builder {
        private Cascade cascade = Cascade.HAAR;
        private double scaleFactor = 1.1;
        private int minNeighbors = 5;
        private int minFace = 24;
        private int maxFace;
        private int maxWidth = 1280;
        private boolean equalize = true;
        private Double minScore;
        private double minRelativeSize = 0.3;

        private Builder() {
        }

        /** @param c cascade @return this */
        public Builder optCascade(Cascade c) {
            cascade = c;
            return this;
        }

        /** @param f image pyramid step, > 1 @return this */
        public Builder optScaleFactor(double f) {
            if (!(f > 1)) {
                throw new IllegalArgumentException("scale factor must be > 1, got " + f);
            }
            scaleFactor = f;
            return this;
        }

        /** @param n overlapping hits needed to keep a face @return this */
        public Builder optMinNeighbors(int n) {
            minNeighbors = n;
            return this;
        }

        /** @param px smallest face side in frame pixels (0: no limit) @return this */
        public Builder optMinFace(int px) {
            minFace = px;
            return this;
        }

        /** @param px largest face side in frame pixels (0: no limit) @return this */
        public Builder optMaxFace(int px) {
            maxFace = px;
            return this;
        }

        /** @param px detect on a copy at most this wide (0: full resolution) @return this */
        public Builder optMaxWidth(int px) {
            maxWidth = px;
            return this;
        }

        /** @param e equalize the gray copy's histogram before detection @return this */
        public Builder optEqualize(boolean e) {
            equalize = e;
            return this;
        }

        /**
         * @param s least cascade confidence kept ({@code Double.NEGATIVE_INFINITY}: keep all, as plain detectMultiScale);
         *     default {@link #DEFAULT_HAAR_MIN_SCORE} for Haar, none for LBP
         * @return this
         */
        public Builder optMinScore(double s) {
            minScore = s;
            return this;
        }

        /**
         * @param r drop boxes narrower than this share of the widest face in the same frame (default 0.3; 0 keeps all).
         *     On the shared photos such boxes were clutter (hands, folds); set 0 for crowds at very different distances.
         * @return this
         */
        public Builder optMinRelativeSize(double r) {
            minRelativeSize = r;
            return this;
        }

        /** @return the detector; close it */
        public CascadeFaceDetector build() {
            return new CascadeFaceDetector(this);
        }
    }
}
