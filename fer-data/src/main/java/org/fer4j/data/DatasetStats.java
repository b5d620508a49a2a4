package org.fer4j.data;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.fer4j.core.Emotion;

/**
 * Per-split, per-class row counts of a FER2013 file, computed in one streaming pass without keeping the faces.
 *
 * @param file the file read
 * @param counts counts per split, in {@link Emotion} order; only splits present in the file
 * @param report what the reader saw
 * @param seconds wall time of the read
 */
public record DatasetStats(Path file, Map<Usage, int[]> counts, ReadReport report, double seconds) {

    /**
     * @param file a FER2013 CSV, plain or gzipped
     * @param reader the reader to use
     * @return the counts
     */
    public static DatasetStats of(Path file, Fer2013Reader reader) {
        Map<Usage, int[]> counts = new EnumMap<>(Usage.class);
        long t0 = System.nanoTime();
        ReadReport r = reader.read(file, row -> counts.computeIfAbsent(row.usage(), u -> new int[Emotion.COUNT])[row.emotion().index()]++);
        return new DatasetStats(file, counts, r, (System.nanoTime() - t0) / 1e9);
    }

    /** @return a table: one row per split plus a total, one column per class */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-12s", "Usage"));
        for (Emotion e : Emotion.values()) {
            sb.append(String.format(" %8s", e.label()));
        }
        sb.append(String.format(" %8s%n", "total"));
        int[] all = new int[Emotion.COUNT];
        for (Map.Entry<Usage, int[]> en : counts.entrySet()) {
            appendRow(sb, en.getKey().csvName(), en.getValue());
            for (int i = 0; i < all.length; i++) {
                all[i] += en.getValue()[i];
            }
        }
        appendRow(sb, "all", all);
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, String name, int[] c) {
        sb.append(String.format("%-12s", name));
        int total = 0;
        for (int v : c) {
            sb.append(String.format(" %8d", v));
            total += v;
        }
        sb.append(String.format(" %8d%n", total));
    }
}
