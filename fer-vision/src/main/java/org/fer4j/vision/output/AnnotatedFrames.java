package org.fer4j.vision.output;

import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.vision.Annotator;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.OpenCvRuntime;
import org.opencv.core.Mat;

/**
 * Each frame with its boxes, labels and track ids drawn, drawn once however many sinks show or write it (the preview
 * window and the annotated video of one run share one). Sinks are called one after another for a frame, so the last
 * drawing is reused while the result is the same object. Not thread-safe: one per run.
 */
public final class AnnotatedFrames implements AutoCloseable {
    static {
        // before any field's Mat is made: Mat's constructor is native
        OpenCvRuntime.load();
    }

    private final Mat bgr = new Mat();
    private FrameResult drawn;

    /**
     * @param frame the frame
     * @param result what was found in it
     * @return the annotated frame in BGR, valid until the next call or {@link #close}
     */
    public Mat of(FrameSource.Frame frame, FrameResult result) {
        if (result != drawn) {
            Annotator.toBgr(frame.image(), bgr);
            Annotator.draw(bgr, result);
            drawn = result;
        }
        return bgr;
    }

    /** Releases the drawing. */
    @Override
    public void close() {
        bgr.release();
        drawn = null;
    }
}
