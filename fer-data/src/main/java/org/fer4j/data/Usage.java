package org.fer4j.data;

/** The FER2013 {@code Usage} column: which split a row belongs to. */
public enum Usage {
    /** 28,709 rows for training. */
    TRAINING("Training"),
    /** 3,589 rows, used for model selection and the accuracy we publish. */
    PUBLIC_TEST("PublicTest"),
    /** 3,589 held-out rows. */
    PRIVATE_TEST("PrivateTest");

    private final String csvName;

    Usage(String csvName) {
        this.csvName = csvName;
    }

    /** @return the name as written in the CSV, e.g. {@code PublicTest} */
    public String csvName() {
        return csvName;
    }

    /**
     * @param name a CSV name ({@code Training}, {@code PublicTest}, {@code PrivateTest}), case-insensitive
     * @return the usage, or {@code null} for an unknown name
     */
    public static Usage fromCsvName(String name) {
        for (Usage u : values()) {
            if (u.csvName.equalsIgnoreCase(name)) {
                return u;
            }
        }
        return null;
    }

    /**
     * @param name a CSV name or enum constant, case-insensitive
     * @return the usage
     * @throws IllegalArgumentException for an unknown name
     */
    public static Usage parse(String name) {
        Usage u = fromCsvName(name);
        if (u == null) {
            for (Usage v : values()) {
                if (v.name().equalsIgnoreCase(name)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown Usage '" + name + "' (expected Training, PublicTest or PrivateTest)");
        }
        return u;
    }

    @Override
    public String toString() {
        return csvName;
    }
}
