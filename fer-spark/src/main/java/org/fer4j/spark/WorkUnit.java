package org.fer4j.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One piece of work that is committed as a whole: a batch of images, or one time segment of one video.
 *
 * @param id stable name of the unit (from its files' paths, sizes and times, and the segment), used for its output parts
 * @param video true for a video segment, false for a batch of images
 * @param sources the files (fully qualified Hadoop paths): one video, or the images of the batch
 * @param segment segment number within the video (0 for images)
 * @param startMs first time of the segment (0 for images)
 * @param endMs first time after the segment ({@code Double.POSITIVE_INFINITY} for the last one and for images)
 */
public record WorkUnit(String id, boolean video, List<String> sources, int segment, double startMs, double endMs) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Copies the sources. */
    public WorkUnit {
        sources = List.copyOf(sources);
    }
}
