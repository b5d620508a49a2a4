package org.fer4j.vision.output;

import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.vision.Annotator;
import org.fer4j.vision.Display;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.OpenCvRuntime;
import org.opencv.core.Mat;

/** Shows each annotated frame in a window; pressing q stops the run, whose outputs then cover the frames shown. */
public final class PreviewSink implements FrameSink {
    static {
        // before any field's Mat is made: Mat's constructor is native
        OpenCvRuntime.load();
    }

    private final Mat bgr = new Mat();
    private String title;

    /** @throws org.fer4j.vision.VisionException when there is no display */
    public PreviewSink() {
        Display.check();
    }

    @Override
    public void open(OutputContext c) {
        this.title = c.sourceName();
    }

    @Override
    public boolean accept(FrameSource.Frame frame, FrameResult result) {
        Annotator.toBgr(frame.image(), bgr);
        Annotator.draw(bgr, result);
        return Display.show(title, bgr);
    }

    @Override
    public boolean needsPixels() {
        return true;
    }

    @Override
    public void close() {
        bgr.release();
    }
}
