package org.fer4j.core.pipeline;

import java.util.List;

/**
 * Everything the pipeline found in one frame.
 *
 * @param frame frame index from 0 (or image number for a folder)
 * @param timeMs presentation time in milliseconds
 * @param faces the faces, in detection order
 */
public record FrameResult(long frame, double timeMs, List<FaceResult> faces) {
    /** Copies the list. */
    public FrameResult {
        faces = List.copyOf(faces);
    }
}
