package org.fer4j.vision;

import org.opencv.core.Mat;

/**
 * What every {@link FrameSource} reports about itself, and the frame buffer it refills on each {@link #next()};
 * subclasses only read frames and release what else they hold.
 */
abstract class BaseFrameSource implements FrameSource {
    /** The buffer handed out in each {@link FrameSource.Frame}, overwritten by the next call. */
    protected final Mat mat;
    private final String name;
    private final boolean stream;
    private final long expectedFrames;
    private final double fps;

    /**
     * @param mat the frame buffer (sized or empty)
     * @param name the source's name
     * @param stream true for video and cameras
     * @param expectedFrames frames announced, or -1
     * @param fps frames per second, or 0 when unknown
     */
    BaseFrameSource(Mat mat, String name, boolean stream, long expectedFrames, double fps) {
        this.mat = mat;
        this.name = name;
        this.stream = stream;
        this.expectedFrames = expectedFrames;
        this.fps = fps > 0 ? fps : 0;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean isStream() {
        return stream;
    }

    @Override
    public final long expectedFrames() {
        return expectedFrames;
    }

    @Override
    public final double fps() {
        return fps;
    }

    @Override
    public final void close() {
        mat.release();
        release();
    }

    /** Releases what the subclass holds besides the frame buffer; the default holds nothing. */
    protected void release() {
    }
}
