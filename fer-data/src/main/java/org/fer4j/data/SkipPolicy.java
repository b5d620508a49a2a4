package org.fer4j.data;

/** What a reader does with a bad row. */
public enum SkipPolicy {
    /** Throw a {@link FerDataException} at the first bad row (the default). */
    FAIL,
    /** Skip the row, count it by reason in the {@link ReadReport} and log it. Truncated files still fail. */
    SKIP
}
