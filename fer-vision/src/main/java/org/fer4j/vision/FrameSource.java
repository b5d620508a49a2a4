package org.fer4j.vision;

import org.opencv.core.Mat;

/**
 * A sequence of frames: one image, a folder of images, a video file or a camera. The frame's {@link Mat} belongs to
 * the source and is overwritten by the next call: copy it to keep it. Close the source to release it.
 */
public interface FrameSource extends AutoCloseable {

    /**
     * One frame.
     *
     * @param image the pixels (BGR or gray), owned by the source
     * @param index frame number from 0
     * @param timeMs presentation time
     * @param name what the frame is (the file for images, the source for video)
     */
    record Frame(Mat image, long index, double timeMs, String name) {
    }

    /** @return the source's name, used for output files */
    String name();

    /** @return true for a video or camera (one stream with tracks), false for still images */
    boolean isStream();

    /** @return frames announced by the container, or -1 when unknown (camera, folder counts are exact) */
    long expectedFrames();

    /** @return frames per second, or 0 when unknown */
    double fps();

    /** @return the next frame, or {@code null} at the end */
    Frame next();

    @Override
    void close();
}
