package org.fer4j.core;

/**
 * The root of every error fer4j raises on purpose: bad data, an unusable model, an unreadable image or video, a training
 * run that diverged. Its message names what failed (a file, line, frame or setting) and what is wrong, in terms of the
 * library's API; catch this type to handle all of them at once.
 */
public class FerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and why */
    public FerException(String message) {
        super(message);
    }

    /**
     * @param message what failed and why
     * @param cause the underlying error, may be {@code null}
     */
    public FerException(String message, Throwable cause) {
        super(message, cause);
    }
}
