package org.fer4j.data;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What a read saw: rows read, rows kept, rows filtered out by split, rows skipped by reason. */
public final class ReadReport {
    private long rowsRead;
    private long rowsAccepted;
    private long rowsFiltered;
    private final Map<String, Long> skipped = new TreeMap<>();

    void read() {
        rowsRead++;
    }

    void accepted() {
        rowsAccepted++;
    }

    void filtered() {
        rowsFiltered++;
    }

    void skipped(String reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    /** @return data rows seen (header excluded) */
    public long rowsRead() {
        return rowsRead;
    }

    /** @return rows delivered to the caller */
    public long rowsAccepted() {
        return rowsAccepted;
    }

    /** @return valid rows left out because their Usage was not asked for */
    public long rowsFiltered() {
        return rowsFiltered;
    }

    /** @return skipped rows, total */
    public long rowsSkipped() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return skipped rows counted by reason (e.g. "wrong pixel count") */
    public Map<String, Long> skippedByReason() {
        return Collections.unmodifiableMap(skipped);
    }

    @Override
    public String toString() {
        return "read " + rowsRead + ", accepted " + rowsAccepted + ", filtered " + rowsFiltered + ", skipped " + rowsSkipped()
                + (skipped.isEmpty() ? "" : " " + skipped);
    }
}
