package org.fer4j.vision.output;

import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.vision.Display;
import org.fer4j.vision.FrameSource;
import org.opencv.core.Mat;

/** Shows each annotated frame in a window; pressing q stops the run, whose outputs then cover the frames shown. */
public final class PreviewSink implements FrameSink {
    private final AnnotatedFrames annotated;
    private final boolean ownsAnnotated;
    private String title;

    /** @throws org.fer4j.vision.VisionException when there is no display */
    public PreviewSink() {
        this(null);
    }

    /**
     * @param shared the annotated output's frames ({@link AnnotatedVideoSink#frames()}), so that each frame is drawn once;
     *     null to draw its own
     * @throws org.fer4j.vision.VisionException when there is no display
     */
    public PreviewSink(AnnotatedFrames shared) {
        Display.check();
        this.ownsAnnotated = shared == null;
        this.annotated = shared == null ? new AnnotatedFrames() : shared;
    }

    @Override
    public void open(OutputContext c) {
        this.title = c.sourceName();
    }

    @Override
    public boolean accept(FrameSource.Frame frame, FrameResult result) {
        Mat bgr = annotated.of(frame, result);
        return Display.show(title, bgr);
    }

    @Override
    public boolean needsPixels() {
        return true;
    }

    @Override
    public void close() {
        if (ownsAnnotated) {
            annotated.close();
        }
    }
}
