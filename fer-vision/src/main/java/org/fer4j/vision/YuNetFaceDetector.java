package org.fer4j.vision;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fer4j.core.BoundingBox;
import org.fer4j.core.Detection;
import org.fer4j.core.FaceDetector;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.FaceDetectorYN;

/**
 * OpenCV's {@code FaceDetectorYN} (the YuNet CNN) with an ONNX file the user supplies (it cannot be bundled). More
 * robust to pose and size than the cascades; takes a BGR frame. Not thread-safe: one per thread.
 */
public final class YuNetFaceDetector implements FaceDetector<Mat> {
    private final FaceDetectorYN net;
    private final Mat faces = new Mat();
    private final Mat bgr = new Mat();
    private final Mat small = new Mat();
    private final float minScore;
    private final int maxWidth;
    private int width = -1;
    private int height = -1;

    /**
     * @param onnxFile {@code face_detection_yunet_*.onnx}
     * @param minScore least confidence kept (0.9 is OpenCV's sample default)
     */
    public YuNetFaceDetector(Path onnxFile, float minScore) {
        this(onnxFile, minScore, 0);
    }

    /**
     * @param onnxFile {@code face_detection_yunet_*.onnx}
     * @param minScore least confidence kept (0.9 is OpenCV's sample default)
     * @param maxWidth frames wider than this are shrunk to it before detection (the network's cost grows with the
     *     pixel count); boxes are scaled back to the frame. 0 keeps full resolution
     */
    public YuNetFaceDetector(Path onnxFile, float minScore, int maxWidth) {
        OpenCvRuntime.load();
        if (maxWidth < 0) {
            throw new IllegalArgumentException("maxWidth must be >= 0, got " + maxWidth);
        }
        this.maxWidth = maxWidth;
        if (!Files.isRegularFile(onnxFile)) {
            throw new VisionException(onnxFile.toString(), "YuNet model file not found");
        }
        this.minScore = minScore;
        try {
            this.net = FaceDetectorYN.create(onnxFile.toString(), "", new Size(320, 320), minScore, 0.3f, 5000);
        } catch (RuntimeException e) {
            throw new VisionException(onnxFile.toString(), "OpenCV cannot load it as a YuNet model: " + e.getMessage(), e);
        }
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
        double factor = 1;
        if (maxWidth > 0 && input.cols() > maxWidth) {
            factor = (double) input.cols() / maxWidth;
            Imgproc.resize(input, small, new Size(maxWidth, Math.round(input.rows() / factor)), 0, 0, Imgproc.INTER_AREA);
            input = small;
        }
        if (input.cols() != width || input.rows() != height) {
            width = input.cols();
            height = input.rows();
            net.setInputSize(new Size(width, height));
        }
        net.detect(input, faces);
        List<Detection> out = new ArrayList<>(faces.rows());
        float[] row = new float[15];
        for (int i = 0; i < faces.rows(); i++) {
            faces.get(i, 0, row);
            if (row[14] < minScore) {
                continue;
            }
            int x = (int) Math.round(row[0] * factor);
            int y = (int) Math.round(row[1] * factor);
            int w = Math.max(1, (int) Math.round(row[2] * factor));
            int h = Math.max(1, (int) Math.round(row[3] * factor));
            out.add(new Detection(new BoundingBox(x, y, w, h), row[14]));
        }
        return out;
    }

    @Override
    public void close() {
        faces.release();
        bgr.release();
        small.release();
    }
}
