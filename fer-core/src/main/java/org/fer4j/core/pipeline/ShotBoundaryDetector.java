package org.fer4j.core.pipeline;

/**
 * Finds shot cuts, where a video jumps from one camera take to another: the {@link FramePipeline} ends every track
 * and smoother at a cut, because a face after a cut is a new observation even when it is the same person.
 * Split in two so that a pipelined loop can compute signatures in parallel and compare them in frame order.
 *
 * @param <F> the frame type
 */
public interface ShotBoundaryDetector<F> {
    /**
     * @param frame a frame (not kept)
     * @return a small summary of its content (a colour histogram, say); must not depend on other frames, and must be
     *     safe to call from several threads at once
     */
    float[] signature(F frame);

    /**
     * @param previous the signature of the frame before
     * @param current the signature of this frame
     * @return whether this frame starts a new shot
     */
    boolean isCut(float[] previous, float[] current);
}
