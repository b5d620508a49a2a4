package org.fer4j.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

import org.fer4j.core.Emotion;
import org.fer4j.core.FaceImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams and validates FER2013 CSV files ({@code emotion,pixels,Usage}, plain or gzipped).
 *
 * <p>Every row is checked: three columns, a label 0..6, exactly 2,304 integers 0..255 and a known
 * {@code Usage}. A bad row throws a {@link FerDataException} naming file, line and problem, unless the reader
 * was built with {@link SkipPolicy#SKIP}, in which case it is counted in the {@link ReadReport} and logged.
 * A truncated gzip file always fails: what follows the break is lost and cannot be skipped.
 *
 * <pre>{@code
 * ReadReport r = Fer2013Reader.builder().optUsages(Usage.PUBLIC_TEST).build()
 *         .read(Path.of("fer2013.csv.gz"), row -> ...);
 * }</pre>
 *
 * Instances are immutable and thread-safe.
 */
public final class Fer2013Reader {
    private static final Logger LOG = LoggerFactory.getLogger(Fer2013Reader.class);
    private static final int LOGGED_SKIPS = 10;

    private final Set<Usage> usages;
    private final SkipPolicy skipPolicy;

    private Fer2013Reader(Builder b) {
        this.usages = EnumSet.copyOf(b.usages);
        this.skipPolicy = b.skipPolicy;
    }

    /** @return the splits this reader keeps */
    public Set<Usage> usages() {
        return java.util.Collections.unmodifiableSet(usages);
    }

    /** @return a builder; the defaults read every split and fail on the first bad row */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a reader with the defaults */
    public static Fer2013Reader strict() {
        return builder().build();
    }

    /**
     * Reads the file, handing each accepted row to {@code sink} in file order.
     *
     * @param file a FER2013 CSV, plain or gzipped
     * @param sink receives the rows
     * @return counts of what was read, kept, filtered and skipped
     * @throws FerDataException on a bad file, or a bad row under {@link SkipPolicy#FAIL}
     */
    public ReadReport read(Path file, Consumer<Fer2013Row> sink) {
        ReadReport report = new ReadReport();
        try (LineSource src = new LineSource(file)) {
            if (!src.next()) {
                throw new FerDataException(src.name(), 1, "empty file: expected the header emotion,pixels,Usage");
            }
            int[] columns = parseHeader(src);
            int[] pixelBuffer = new int[FaceImage.PIXELS];
            while (src.next()) {
                if (src.length() == 0) {
                    continue; // blank lines (e.g. a trailing one) carry no row
                }
                report.read();
                Fer2013Row row;
                try {
                    row = parseRow(src, columns, pixelBuffer);
                } catch (RowProblem p) {
                    if (skipPolicy == SkipPolicy.FAIL) {
                        throw new FerDataException(src.name(), src.lineNumber(), p.getMessage());
                    }
                    report.skipped(p.reason);
                    if (report.rowsSkipped() <= LOGGED_SKIPS) {
                        LOG.warn("{} line {}: {} (row skipped)", src.name(), src.lineNumber(), p.getMessage());
                    }
                    continue;
                }
                if (usages.contains(row.usage())) {
                    report.accepted();
                    sink.accept(row);
                } else {
                    report.filtered();
                }
            }
            if (report.rowsSkipped() > 0) {
                LOG.warn("{}: skipped {} bad rows {}", src.name(), report.rowsSkipped(), report.skippedByReason());
            }
        }
        return report;
    }

    /** Positions of emotion, pixels and Usage, and the column count, from the header line. */
    private static int[] parseHeader(LineSource src) {
        String header = new String(src.line(), 0, src.length(), StandardCharsets.UTF_8);
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        String[] names = header.split(",", -1);
        int emotion = -1;
        int pixels = -1;
        int usage = -1;
        for (int i = 0; i < names.length; i++) {
            String n = unquote(names[i].trim());
            if (n.equalsIgnoreCase("emotion")) {
                emotion = i;
            } else if (n.equalsIgnoreCase("pixels")) {
                pixels = i;
            } else if (n.equalsIgnoreCase("Usage")) {
                usage = i;
            }
        }
        if (emotion < 0 || pixels < 0 || usage < 0) {
            throw new FerDataException(src.name(), 1, "header must name the columns emotion, pixels and Usage, found '"
                    + abbreviate(header) + "'");
        }
        return new int[] {emotion, pixels, usage, names.length};
    }

    private static Fer2013Row parseRow(LineSource src, int[] columns, int[] pixelBuffer) {
        byte[] b = src.line();
        int len = src.length();
        int expected = columns[3];
        int[] starts = new int[expected + 1];
        int count = 1;
        for (int i = 0; i < len; i++) {
            if (b[i] == ',') {
                if (count < expected) {
                    starts[count] = i + 1;
                }
                count++;
            }
        }
        if (count != expected) {
            throw new RowProblem("wrong column count", "expected " + expected + " columns (emotion,pixels,Usage), found " + count);
        }
        starts[expected] = len + 1;
        Emotion emotion = parseLabel(b, starts[columns[0]], starts[columns[0] + 1] - 1);
        parsePixels(b, starts[columns[1]], starts[columns[1] + 1] - 1, pixelBuffer);
        String usageText = unquote(new String(b, starts[columns[2]], starts[columns[2] + 1] - 1 - starts[columns[2]],
                StandardCharsets.UTF_8).trim());
        Usage usage = Usage.fromCsvName(usageText);
        if (usage == null) {
            throw new RowProblem("unknown usage", "unknown Usage '" + usageText + "' (expected Training, PublicTest or PrivateTest)");
        }
        byte[] px = new byte[FaceImage.PIXELS];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) pixelBuffer[i];
        }
        return new Fer2013Row(src.lineNumber(), emotion, FaceImage.wrap(px), usage);
    }

    private static Emotion parseLabel(byte[] b, int from, int to) {
        String text = unquote(new String(b, from, to - from, StandardCharsets.US_ASCII).trim());
        int label;
        try {
            label = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new RowProblem("bad label", "emotion '" + abbreviate(text) + "' is not an integer label 0..6");
        }
        if (label < 0 || label >= Emotion.COUNT) {
            throw new RowProblem("label out of range", "emotion label " + label + " outside 0..6");
        }
        return Emotion.fromIndex(label);
    }

    private static void parsePixels(byte[] b, int from, int to, int[] out) {
        if (to - from >= 2 && b[from] == '"' && b[to - 1] == '"') {
            from++;
            to--;
        }
        int n = 0;
        int i = from;
        while (i < to) {
            byte c = b[i];
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int start = i;
            boolean negative = c == '-';
            if (negative) {
                i++;
            }
            int value = 0;
            int digits = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (value < 100000) {
                    value = value * 10 + (b[i] - '0');
                }
                digits++;
                i++;
            }
            if (digits == 0 || (i < to && b[i] != ' ' && b[i] != '\t')) {
                int end = i;
                while (end < to && b[end] != ' ') {
                    end++;
                }
                throw new RowProblem("bad pixel value", "pixel " + n + " is '" + new String(b, start, end - start,
                        StandardCharsets.UTF_8) + "', not an integer 0..255");
            }
            if (negative) {
                value = -value;
            }
            if (value > 255 || value < 0) {
                // the text as written: the parsed value stops growing at six digits, so it would misreport longer numbers
                throw new RowProblem("pixel out of range", "pixel " + n + " is " + abbreviate(new String(b, start, i - start,
                        StandardCharsets.US_ASCII)) + ", outside 0..255");
            }
            if (n < out.length) {
                out[n] = value;
            }
            n++;
        }
        if (n != FaceImage.PIXELS) {
            throw new RowProblem("wrong pixel count", "expected " + FaceImage.PIXELS + " pixels, found " + n);
        }
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** A row-level problem: skippable under {@link SkipPolicy#SKIP}. */
    private static final class RowProblem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String reason;

        RowProblem(String reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    /** Builder for {@link Fer2013Reader}. */
    public static final class Builder {
        private Set<Usage> usages = EnumSet.allOf(Usage.class);
        private SkipPolicy skipPolicy = SkipPolicy.FAIL;

        private Builder() {
        }

        /** @param selected the splits to keep (rows of other splits are validated, counted and dropped) @return this */
        public Builder optUsages(Usage... selected) {
            if (selected.length == 0) {
                throw new IllegalArgumentException("at least one Usage is needed");
            }
            this.usages = EnumSet.of(selected[0], selected);
            return this;
        }

        /** @param policy what to do with bad rows @return this */
        public Builder optSkipPolicy(SkipPolicy policy) {
            this.skipPolicy = policy;
            return this;
        }

        /** @return the reader */
        public Fer2013Reader build() {
            return new Fer2013Reader(this);
        }
    }
}
