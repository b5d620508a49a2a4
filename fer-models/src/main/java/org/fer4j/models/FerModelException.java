package org.fer4j.models;

import org.fer4j.core.FerException;

/** A model file that cannot be used: names the file and says what is wrong with it. */
public class FerModelException extends FerException {
    private static final long serialVersionUID = 1L;

    /**
     * @param file the file or folder
     * @param problem what is wrong
     * @param cause underlying error, may be {@code null}
     */
    public FerModelException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    /**
     * @param file the file or folder
     * @param problem what is wrong
     */
    public FerModelException(String file, String problem) {
        this(file, problem, null);
    }
}
