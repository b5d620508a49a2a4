package org.fer4j.vision;

import java.util.Locale;

import org.fer4j.core.BoundingBox;
import org.fer4j.core.pipeline.FaceResult;
import org.fer4j.core.pipeline.FrameResult;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/**
 * Draws each face's box, smoothed label with its smoothed probability, and track id onto a BGR frame, in place; the
 * label and the number come from the same smoothed probabilities, so they always agree.
 */
public final class Annotator {
    private static final Scalar[] COLORS = {
        new Scalar(60, 60, 230), new Scalar(60, 160, 60), new Scalar(160, 60, 160), new Scalar(40, 200, 240),
        new Scalar(200, 120, 40), new Scalar(40, 140, 240), new Scalar(180, 180, 180)};

    private Annotator() {
    }

    /**
     * @param frame a BGR, BGRA or gray frame
     * @param bgr receives it as 3-channel BGR
     */
    public static void toBgr(Mat frame, Mat bgr) {
        switch (frame.channels()) {
            case 1 -> Imgproc.cvtColor(frame, bgr, Imgproc.COLOR_GRAY2BGR);
            case 4 -> Imgproc.cvtColor(frame, bgr, Imgproc.COLOR_BGRA2BGR);
            default -> frame.copyTo(bgr);
        }
    }

    /**
     * @param f one face
     * @return the text drawn beside its box: track, smoothed label and that label's smoothed probability
     */
    public static String text(FaceResult f) {
        return String.format(Locale.ROOT, "#%d %s %.0f%%", f.track(), f.smoothedLabel().label(), 100 * f.smoothedConfidence());
    }

    /**
     * @param bgr the frame (3-channel)
     * @param result what the pipeline found in it
     */
    public static void draw(Mat bgr, FrameResult result) {
        for (FaceResult f : result.faces()) {
            BoundingBox b = f.box();
            Scalar c = COLORS[f.smoothedLabel().index()];
            int thick = Math.max(2, bgr.cols() / 400);
            Imgproc.rectangle(bgr, new Point(b.x(), b.y()), new Point(b.x() + b.width(), b.y() + b.height()), c, thick);
            String text = text(f);
            double scale = Math.max(0.5, bgr.cols() / 1200.0);
            int y = Math.max(15, b.y() - 6);
            Imgproc.putText(bgr, text, new Point(b.x(), y), Imgproc.FONT_HERSHEY_SIMPLEX, scale, new Scalar(0, 0, 0), thick + 2);
            Imgproc.putText(bgr, text, new Point(b.x(), y), Imgproc.FONT_HERSHEY_SIMPLEX, scale, c, thick);
        }
    }
}
