package org.fer4j.vision.output;

import java.nio.file.Path;

/**
 * What a {@link FrameSink} needs to know before the first frame.
 *
 * @param sourceName the source's name (a file name, a folder name or {@code camera:N})
 * @param stem the base name of every output file of the run ({@code <stem>.jsonl}, {@code <stem>.annotated.mp4}, ...)
 * @param stream true for a video or camera (one stream of frames with tracks), false for still images
 * @param fps frames per second of a stream, 0 when unknown or for still images
 * @param stagingDir the folder to write into; its content is moved into the output folder when the run succeeded
 */
public record OutputContext(String sourceName, String stem, boolean stream, double fps, Path stagingDir) {
    /**
     * @param name a file name inside the output
     * @return its path in the staging folder
     */
    public Path staged(String name) {
        return stagingDir.resolve(name);
    }
}
