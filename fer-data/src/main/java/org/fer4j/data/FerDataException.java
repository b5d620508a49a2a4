package org.fer4j.data;

import org.fer4j.core.FerException;

/**
 * Bad input data: names the file, the line (1-based, the header is line 1; 0 when no line applies) and the problem.
 * The message reads {@code "<file> line <n>: <problem>"}.
 */
public class FerDataException extends FerException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final long line;
    private final String problem;

    /**
     * @param source the file (or other source) name
     * @param line 1-based line number, 0 when not applicable
     * @param problem what is wrong
     */
    public FerDataException(String source, long line, String problem) {
        this(source, line, problem, null);
    }

    /**
     * @param source the file name
     * @param line 1-based line number, 0 when not applicable
     * @param problem what is wrong
     * @param cause the underlying error
     */
    public FerDataException(String source, long line, String problem, Throwable cause) {
        super(line > 0 ? source + " line " + line + ": " + problem : source + ": " + problem, cause);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /** @return the file or source name */
    public String source() {
        return source;
    }

    /** @return the 1-based line, 0 when not applicable */
    public long line() {
        return line;
    }

    /** @return the problem alone, without file and line */
    public String problem() {
        return problem;
    }
}
