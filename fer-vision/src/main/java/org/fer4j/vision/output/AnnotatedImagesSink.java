package org.fer4j.vision.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.vision.Analyzer;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.OpenCvRuntime;
import org.fer4j.vision.VisionException;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/** Writes {@code <stem>.annotated/<image>.png}: each still image with boxes and labels drawn. */
public final class AnnotatedImagesSink implements FrameSink {
    static {
        // before any field's Mat is made: Mat's constructor is native
        OpenCvRuntime.load();
    }

    private final AnnotatedFrames annotated = new AnnotatedFrames();
    private final MatOfByte png = new MatOfByte();
    private Path dir;

    /** @return the images as this sink draws them, for a preview window to show without drawing them again */
    public AnnotatedFrames frames() {
        return annotated;
    }

    @Override
    public void open(OutputContext c) throws IOException {
        dir = Files.createDirectories(c.staged(c.stem() + ".annotated"));
    }

    @Override
    public boolean accept(FrameSource.Frame frame, FrameResult result) throws IOException {
        Mat bgr = annotated.of(frame, result);
        // encode in memory and write with Java: imwrite takes no non-ASCII path and hides a failed write
        if (!Imgcodecs.imencode(".png", bgr, png)) {
            throw new VisionException(frame.name(), "OpenCV could not encode the annotated image as PNG");
        }
        Files.write(dir.resolve(Analyzer.stem(frame.name()) + ".png"), png.toArray());
        return true;
    }

    @Override
    public boolean needsPixels() {
        return true;
    }

    @Override
    public void close() {
        annotated.close();
        png.release();
    }
}
