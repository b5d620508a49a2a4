package org.fer4j.vision;

import org.fer4j.core.BoundingBox;
import org.fer4j.core.FaceCropper;
import org.fer4j.core.FaceImage;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Cuts the detected box out of a frame, converts it to gray and resizes it to 48x48 (area interpolation when
 * shrinking, linear when enlarging). The result is the raw 8-bit face: the model's own preprocessing (equalization,
 * scaling) is applied by the classifier, exactly as during training, so there is no train/serve skew here.
 * Boxes reaching past the frame border are cut to it. Not thread-safe (reuses buffers): one per pipeline.
 */
public final class FaceCrops implements FaceCropper<Mat>, AutoCloseable {
    static {
        // before any field's Mat is made: Mat's constructor is native
        OpenCvRuntime.load();
    }

    private final Mat gray = new Mat();
    private final Mat face = new Mat();
    private final byte[] pixels = new byte[FaceImage.PIXELS];

    /** Creates a cropper. */
    public FaceCrops() {
        OpenCvRuntime.load();
    }

    @Override
    public FaceImage crop(Mat frame, BoundingBox box) {
        BoundingBox b = box.clip(frame.cols(), frame.rows());
        if (b == null) {
            throw new IllegalArgumentException("box " + box + " lies outside the " + frame.cols() + "x" + frame.rows() + " frame");
        }
        // only the box is converted to gray: a frame with several faces is not converted once per face
        Mat roi = frame.submat(new Rect(b.x(), b.y(), b.width(), b.height()));
        try {
            Mat g = Gray.of(roi, gray);
            int interp = b.width() > FaceImage.SIZE ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
            Imgproc.resize(g, face, new Size(FaceImage.SIZE, FaceImage.SIZE), 0, 0, interp);
        } finally {
            roi.release();
        }
        face.get(0, 0, pixels);
        return FaceImage.of(pixels);
    }

    /** Releases the buffers. */
    public void release() {
        gray.release();
        face.release();
    }

    /** Releases the buffers, as {@link #release()}. */
    @Override
    public void close() {
        release();
    }
}
