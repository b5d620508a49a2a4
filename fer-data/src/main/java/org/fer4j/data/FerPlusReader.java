package org.fer4j.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads FER+ {@code fer2013new.csv}
 * ({@code Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF}).
 *
 * <p>Rows are aligned with FER2013 by position: data row {@code i} is FER2013 row {@code i}. Image names are
 * kept but never used for alignment (they drift from the row index from row 60 on and are empty in 173 rows).
 */
public final class FerPlusReader {
    private static final String[] VOTE_COLUMNS = {"neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear",
        "contempt", "unknown", "NF"};

    private FerPlusReader() {
    }

    /**
     * @param file {@code fer2013new.csv}, plain or gzipped
     * @return every row, in file order
     * @throws FerDataException naming file and line on any malformed row
     */
    public static List<FerPlusVotes> read(Path file) {
        List<FerPlusVotes> rows = new ArrayList<>(36_000);
        // LineSource bounds each line (a FER+ row is about 40 bytes; a file without line ends must not fill the heap)
        // and un-gzips by content, not by name
        try (LineSource in = new LineSource(file)) {
            String name = in.name();
            if (!in.next()) {
                throw new FerDataException(name, 1, "empty file: expected the FER+ header");
            }
            String header = text(in);
            String[] h = header.replace("\uFEFF", "").split(",", -1);
            if (h.length != 12 || !h[0].trim().equals("Usage")) {
                throw new FerDataException(name, 1, "expected the 12-column FER+ header Usage,Image name,neutral,...,NF, found '"
                        + abbreviate(header) + "'");
            }
            for (int c = 0; c < VOTE_COLUMNS.length; c++) {
                if (!h[c + 2].trim().equalsIgnoreCase(VOTE_COLUMNS[c])) {
                    throw new FerDataException(name, 1, "column " + (c + 3) + " should be " + VOTE_COLUMNS[c] + ", found '" + h[c + 2] + "'");
                }
            }
            while (in.next()) {
                long lineNo = in.lineNumber();
                String line = text(in);
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 12) {
                    throw new FerDataException(name, lineNo, "expected 12 columns, found " + f.length);
                }
                Usage usage = Usage.fromCsvName(f[0].trim());
                if (usage == null) {
                    throw new FerDataException(name, lineNo, "unknown Usage '" + abbreviate(f[0]) + "' (expected Training, PublicTest or PrivateTest)");
                }
                int[] votes = new int[FerPlusVotes.COLUMNS];
                for (int c = 0; c < votes.length; c++) {
                    try {
                        votes[c] = Integer.parseInt(f[c + 2].trim());
                    } catch (NumberFormatException e) {
                        throw new FerDataException(name, lineNo, VOTE_COLUMNS[c] + " votes '" + abbreviate(f[c + 2]) + "' is not an integer");
                    }
                    if (votes[c] < 0) {
                        throw new FerDataException(name, lineNo, VOTE_COLUMNS[c] + " votes " + votes[c] + " is negative");
                    }
                }
                rows.add(new FerPlusVotes(rows.size(), usage, f[1].trim(), votes));
            }
        }
        return Collections.unmodifiableList(rows);
    }

    private static String text(LineSource in) {
        return new String(in.line(), 0, in.length(), StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /**
     * @param rows all FER+ rows, as {@link #read} returns them
     * @param usage a split
     * @return the rows of that split, in order; the i-th lines up with the i-th row of that split in FER2013
     */
    public static List<FerPlusVotes> ofUsage(List<FerPlusVotes> rows, Usage usage) {
        return rows.stream().filter(r -> r.usage() == usage).toList();
    }
}
