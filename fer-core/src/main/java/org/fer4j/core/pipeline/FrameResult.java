package org.fer4j.core.pipeline;

import java.util.List;

/**
 * Everything the pipeline found in one frame.
 *
 * @param frame frame index from 0 (or image number for a folder)
 * @param timeMs presentation time in milliseconds
 * @param faces the faces, in detection order
 * @param shotCut whether this frame starts a new shot (every track ended before it)
 */
public record FrameResult(long frame, double timeMs, List<FaceResult> faces, boolean shotCut) {
    /** Copies the list. */
    public FrameResult {
        faces = List.copyOf(faces);
    }

    /**
     * A frame that starts no new shot.
     *
     * @param frame frame index
     * @param timeMs presentation time
     * @param faces the faces
     */
    public FrameResult(long frame, double timeMs, List<FaceResult> faces) {
        this(frame, timeMs, faces, false);
    }
}
