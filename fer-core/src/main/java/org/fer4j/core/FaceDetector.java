package org.fer4j.core;

import java.util.List;

/**
 * Finds faces in a frame.
 *
 * <p>The frame type is left to the implementation (an OpenCV {@code Mat} in {@code fer-vision}) so that
 * this module stays free of native dependencies.
 *
 * @param <F> the frame type
 */
public interface FaceDetector<F> extends AutoCloseable {

    /**
     * @param frame an image (color or gray, as the implementation documents)
     * @return the faces found, possibly none; never {@code null}
     */
    List<Detection> detect(F frame);

    /** Releases native resources. The default does nothing. */
    @Override
    default void close() {
    }
}
