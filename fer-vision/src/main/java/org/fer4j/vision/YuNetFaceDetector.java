package org.fer4j.vision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.fer4j.core.BoundingBox;
import org.fer4j.core.Detection;
import org.fer4j.core.FaceDetector;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.FaceDetectorYN;

/**
 * OpenCV's {@code FaceDetectorYN} with the YuNet CNN, fer4j's default detector. The model ships inside fer-vision
 * (MIT, OpenCV Zoo; licence in {@code META-INF/licenses/YuNet-LICENSE.txt}), so {@code YuNetFaceDetector.builder().build()}
 * needs no file. Takes BGR, BGRA or gray frames.
 *
 * <p>YuNet finds faces of about 10 to 300 pixels in the image it is given. The detector therefore shrinks each frame so
 * that the smallest face asked for ({@link Builder#optMinFace}) is still about {@value #NET_MIN_FACE} pixels to the net,
 * which keeps the cost low on large frames; and when a face could be larger than the net's range at that scale (a
 * close-up in a large frame) it runs a second, coarse pass and merges both. Results are sorted left to right, top to
 * bottom, so that face order is the same on every run. Not thread-safe: one per thread.
 */
public final class YuNetFaceDetector implements FaceDetector<Mat> {
    static {
        // before any field's Mat is made: Mat's constructor is native
        OpenCvRuntime.load();
    }

    /** Classpath location of the bundled YuNet ONNX file. */
    public static final String BUNDLED_MODEL = "/org/fer4j/vision/yunet/face_detection_yunet.onnx";
    /**
     * Least YuNet score kept by default. Measured on the shared photos: all 29 Solvay faces score 0.70-0.93 and are kept
     * (at OpenCV's sample default 0.9 one to ten are lost), and no face-free photo has a detection above 0.5.
     */
    public static final float DEFAULT_MIN_SCORE = 0.7f;
    /**
     * Largest head turn kept by default (see {@link Builder#optMaxTurn}): none, every pose is kept. A limit drops faces
     * users want: on the shared clips 0.45 keeps 56 of Tears of Steel's 183 faces (its actor is in three-quarter view)
     * and 377 of Hamilton's 612. Measured on the shared photos: frontal faces turn 0.01-0.35, a three-quarter view 0.4,
     * the profile on camera.png 0.57, a three-quarter profile 0.8-2.5.
     */
    public static final double DEFAULT_MAX_TURN = Double.POSITIVE_INFINITY;
    /** Smallest face side, in frame pixels, found by default: smaller faces carry too little for a 48x48 crop. */
    public static final int DEFAULT_MIN_FACE = 24;
    /** Face side, in pixels of the net's input, that YuNet still finds reliably. */
    static final double NET_MIN_FACE = 12;
    /** Largest face side, in pixels of the net's input, that YuNet was trained on. */
    static final double NET_MAX_FACE = 300;
    /** Overlap above which two boxes of the two passes are one face. */
    private static final double MERGE_IOU = 0.4;

    private final float minScore;
    private final int minFace;
    private final Pass fine;
    private final Pass coarse;
    private final Mat bgr = new Mat();

    private YuNetFaceDetector(Builder b) {
        OpenCvRuntime.load();
        this.minScore = b.minScore;
        this.minFace = b.minFace;
        byte[] model = b.modelFile == null ? bundledModel() : read(b.modelFile);
        String where = b.modelFile == null ? "classpath:" + BUNDLED_MODEL : b.modelFile.toString();
        this.fine = new Pass(model, where, minScore, b.maxTurn);
        this.coarse = new Pass(model, where, minScore, b.maxTurn);
    }

    /**
     * The bundled model with the given score threshold and the default minimum face size.
     *
     * @param onnxFile a YuNet ONNX file ({@code face_detection_yunet_*.onnx})
     * @param minScore least confidence kept (0.9 is OpenCV's sample default)
     */
    public YuNetFaceDetector(Path onnxFile, float minScore) {
        this(builder().optModelFile(onnxFile).optMinScore(minScore));
    }

    /** @return a builder; with no settings it gives the bundled model with the measured defaults */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<Detection> detect(Mat frame) {
        Mat input = frame;
        if (frame.channels() == 1) {
            Imgproc.cvtColor(frame, bgr, Imgproc.COLOR_GRAY2BGR);
            input = bgr;
        } else if (frame.channels() == 4) {
            Imgproc.cvtColor(frame, bgr, Imgproc.COLOR_BGRA2BGR);
            input = bgr;
        }
        double fineScale = Math.min(1, NET_MIN_FACE / minFace);
        List<Detection> found = fine.run(input, fineScale);
        double shortSide = Math.min(input.cols(), input.rows());
        if (shortSide * fineScale > NET_MAX_FACE) {
            // a face as large as the frame would be beyond the net's range at the fine scale
            merge(found, coarse.run(input, NET_MAX_FACE / shortSide));
        }
        found.removeIf(d -> d.box().width() < minFace && d.box().height() < minFace);
        found.sort(Comparator.comparingInt((Detection d) -> d.box().x()).thenComparingInt(d -> d.box().y()));
        return found;
    }

    /** Adds the coarse pass's faces that the fine pass did not find; where both found one, keeps the higher score. */
    private static void merge(List<Detection> into, List<Detection> more) {
        for (Detection d : more) {
            int same = -1;
            for (int i = 0; i < into.size() && same < 0; i++) {
                if (into.get(i).box().iou(d.box()) > MERGE_IOU) {
                    same = i;
                }
            }
            if (same < 0) {
                into.add(d);
            } else if (d.score() > into.get(same).score()) {
                into.set(same, d);
            }
        }
    }

    @Override
    public void close() {
        fine.close();
        coarse.close();
        bgr.release();
    }

    /** @return the bundled model's bytes */
    static byte[] bundledModel() {
        try (InputStream in = YuNetFaceDetector.class.getResourceAsStream(BUNDLED_MODEL)) {
            if (in == null) {
                throw new VisionException("classpath:" + BUNDLED_MODEL, "the bundled YuNet model is missing from this build of fer-vision");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new VisionException("classpath:" + BUNDLED_MODEL, "cannot read the bundled YuNet model: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VisionException(file.toString(), "YuNet model file not found");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VisionException(file.toString(), "cannot read the YuNet model: " + e.getMessage(), e);
        }
    }

    /** One network at one scale: a FaceDetectorYN keeps its anchors for one input size, so each scale has its own. */
    private static final class Pass {
        private final FaceDetectorYN net;
        private final float minScore;
        private final double maxTurn;
        private final Mat faces = new Mat();
        private final Mat small = new Mat();
        private final float[] row = new float[15];
        private int width = -1;
        private int height = -1;

        Pass(byte[] model, String where, float minScore, double maxTurn) {
            this.minScore = minScore;
            this.maxTurn = maxTurn;
            MatOfByte buffer = new MatOfByte(model);
            try {
                this.net = FaceDetectorYN.create("onnx", buffer, new MatOfByte(), new Size(320, 320), minScore, 0.3f, 5000);
            } catch (RuntimeException e) {
                throw new VisionException(where, "OpenCV cannot load it as a YuNet model: " + e.getMessage(), e);
            } finally {
                buffer.release();
            }
        }

        /** @return the faces found with the frame shrunk by {@code scale}, in frame coordinates */
        List<Detection> run(Mat input, double scale) {
            Mat scaled = input;
            if (scale < 1) {
                int w = Math.max(1, (int) Math.round(input.cols() * scale));
                int h = Math.max(1, (int) Math.round(input.rows() * scale));
                Imgproc.resize(input, small, new Size(w, h), 0, 0, Imgproc.INTER_AREA);
                scaled = small;
            }
            if (scaled.cols() != width || scaled.rows() != height) {
                width = scaled.cols();
                height = scaled.rows();
                net.setInputSize(new Size(width, height));
            }
            net.detect(scaled, faces);
            double fx = (double) input.cols() / scaled.cols();
            double fy = (double) input.rows() / scaled.rows();
            List<Detection> out = new ArrayList<>(faces.rows());
            for (int i = 0; i < faces.rows(); i++) {
                faces.get(i, 0, row);
                if (row[14] < minScore) {
                    continue;
                }
                if (maxTurn < Double.POSITIVE_INFINITY && turn(row) > maxTurn) {
                    continue;
                }
                int x = (int) Math.round(row[0] * fx);
                int y = (int) Math.round(row[1] * fy);
                int w = Math.max(1, (int) Math.round(row[2] * fx));
                int h = Math.max(1, (int) Math.round(row[3] * fy));
                out.add(new Detection(new BoundingBox(x, y, w, h), row[14]));
            }
            return out;
        }

        /**
         * How far the head is turned: the nose's offset from the midpoints of the eyes and of the mouth corners, along the
         * line through the eyes (so that tilting the head does not count), in eye distances. About 0 facing the camera,
         * 0.5 and more in three-quarter view and profile.
         */
        static double turn(float[] row) {
            double ux = row[6] - row[4];
            double uy = row[7] - row[5];
            double eyes = Math.hypot(ux, uy);
            if (eyes < 1e-3) {
                return Double.POSITIVE_INFINITY;
            }
            ux /= eyes;
            uy /= eyes;
            double eyeOff = ((row[8] - (row[4] + row[6]) / 2) * ux + (row[9] - (row[5] + row[7]) / 2) * uy) / eyes;
            double mouthOff = ((row[8] - (row[10] + row[12]) / 2) * ux + (row[9] - (row[11] + row[13]) / 2) * uy) / eyes;
            return Math.max(Math.abs(eyeOff), Math.abs(mouthOff));
        }

        void close() {
            faces.release();
            small.release();
        }
    }

    /** Builder with {@code opt*} settings; every setting has a measured default. */
    public static final class Builder {
        private Path modelFile;
        private float minScore = DEFAULT_MIN_SCORE;
        private int minFace = DEFAULT_MIN_FACE;
        private double maxTurn = DEFAULT_MAX_TURN;

        private Builder() {
        }

        /**
         * @param turn largest head turn kept: the nose's offset from the eyes' and mouth's midlines, in eye distances (about
         *     0 facing the camera, 0.4 in three-quarter view, 0.6 and more in profile); default: no limit
         * @return this
         */
        public Builder optMaxTurn(double turn) {
            if (!(turn > 0)) {
                throw new IllegalArgumentException("YuNet maximum head turn must be > 0, got " + turn);
            }
            this.maxTurn = turn;
            return this;
        }

        /** @param file a YuNet ONNX file to use instead of the bundled one @return this */
        public Builder optModelFile(Path file) {
            this.modelFile = file;
            return this;
        }

        /** @param score least YuNet score kept, in (0, 1] (default {@value YuNetFaceDetector#DEFAULT_MIN_SCORE}) @return this */
        public Builder optMinScore(float score) {
            if (!(score > 0 && score <= 1)) {
                throw new IllegalArgumentException("YuNet minimum score must be in (0, 1], got " + score);
            }
            this.minScore = score;
            return this;
        }

        /**
         * @param pixels smallest face side to find, in frame pixels (default {@value YuNetFaceDetector#DEFAULT_MIN_FACE});
         *     a larger value lets the detector shrink frames further and run faster
         * @return this
         */
        public Builder optMinFace(int pixels) {
            if (pixels < NET_MIN_FACE) {
                throw new IllegalArgumentException("YuNet minimum face must be >= " + (int) NET_MIN_FACE + " pixels, got " + pixels);
            }
            this.minFace = pixels;
            return this;
        }

        /** @return the detector; close it */
        public YuNetFaceDetector build() {
            return new YuNetFaceDetector(this);
        }
    }
}
