package org.fer4j.examples;

import java.awt.GraphicsEnvironment;
import java.util.function.BiPredicate;

import org.fer4j.core.FaceDetector;
import org.fer4j.core.FerException;
import org.fer4j.core.pipeline.FramePipeline;
import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.vision.Annotator;
import org.fer4j.vision.Display;
import org.fer4j.vision.FaceCrops;
import org.fer4j.vision.FaceDetectors;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.FrameSources;
import org.opencv.core.Mat;

/**
 * The tutorial's webcam demo: each camera frame with boxes and per-face smoothed labels, in a window; q quits. Any video
 * file works in place of the camera.
 *
 * <p>Run: {@code examples/run WebcamDemo} (camera 0), or {@code examples/run WebcamDemo clip.mp4}
 */
public final class WebcamDemo {
    private WebcamDemo() {
    }

    /**
     * @param input {@code camera:N} or a video file
     * @param show receives each annotated BGR frame and its result; returns false to stop
     * @return frames shown
     */
    public static long run(String input, BiPredicate<Mat, FrameResult> show) {
        Mat bgr = new Mat();
        FaceCrops crops = new FaceCrops();
        try (FrameSource source = FrameSources.open(input);
                FaceDetector<Mat> detector = FaceDetectors.builder().build();
                DjlExpressionClassifier classifier = ExpressionClassifiers.builder().optInt8().build()) {
            FramePipeline<Mat> pipeline = FramePipeline.withDefaults(detector, crops, classifier);
            long shown = 0;
            for (FrameSource.Frame f; (f = source.next()) != null;) {
                FrameResult r = pipeline.process(f.image(), f.index(), f.timeMs());
                Annotator.toBgr(f.image(), bgr);
                Annotator.draw(bgr, r);
                shown++;
                if (!show.test(bgr, r)) {
                    break;
                }
            }
            return shown;
        } finally {
            bgr.release();
            crops.release();
        }
    }

    /** @param args optional: {@code camera:N} or a video file (default camera:0) */
    public static void main(String[] args) {
        if (GraphicsEnvironment.isHeadless()) {
            System.err.println("WebcamDemo needs a display (no DISPLAY is set)");
            System.exit(2);
        }
        try {
            String input = args.length > 0 ? args[0] : "camera:0";
            long n = run(input, (frame, result) -> Display.show(input, frame));
            System.out.println(n + " frames");
            System.exit(0);
        } catch (FerException e) {
            // the library names the file, line or frame and the problem: that line is the whole message
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
