package org.fer4j.vision;

import java.util.List;

import org.fer4j.core.Detection;
import org.fer4j.core.FaceDetector;

/**
 * Runs the wrapped detector on every n-th frame only and repeats its last boxes in between: faces move little in a
 * few frames at video rates, and detection is the costliest step of the hot path. Closing closes the wrapped detector.
 *
 * @param <F> frame type
 */
public final class EveryNthFrameDetector<F> implements FaceDetector<F> {
    private final FaceDetector<F> inner;
    private final int every;
    private long frame;
    private List<Detection> last = List.of();

    /**
     * @param inner the detector
     * @param every detect on frames 0, n, 2n, ... (1 = every frame)
     */
    public EveryNthFrameDetector(FaceDetector<F> inner, int every) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be >= 1, got " + every);
        }
        this.inner = inner;
        this.every = every;
    }

    @Override
    public List<Detection> detect(F f) {
        if (frame++ % every == 0) {
            last = inner.detect(f);
        }
        return last;
    }

    @Override
    public void close() {
        inner.close();
    }
}
