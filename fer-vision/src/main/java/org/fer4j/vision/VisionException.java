package org.fer4j.vision;

import org.fer4j.core.FerException;

/** An input the vision pipeline cannot use (missing, empty, not an image or video, camera absent), with its name. */
public class VisionException extends FerException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source the file, folder or camera
     * @param problem what is wrong
     */
    public VisionException(String source, String problem) {
        super(source + ": " + problem);
    }

    /**
     * @param source the file, folder or camera
     * @param problem what is wrong
     * @param cause underlying error
     */
    public VisionException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
