package org.fer4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.fer4j.core.Emotion;

/**
 * The three tables under the output folder, one Parquet part per work unit ({@code part-<unit>.parquet}), and how a
 * part is committed: written under a hidden temporary name in the same folder, then renamed onto its final name, so
 * a reader (or a rerun) sees a unit's part whole or not at all, and a retried task replaces its own part instead of
 * adding a second one.
 */
final class Tables {
    /** Faces: one row per face per frame. */
    static final String FACES = "faces";
    /** Units: one row per source of each finished unit; a unit's part here is written last and marks it complete. */
    static final String UNITS = "units";
    /** Errors: one row per source that could not be read or decoded. */
    static final String ERRORS = "errors";
    /** Per-source summary, rewritten by each run from the faces and units tables. */
    static final String SUMMARY = "summary";

    static final MessageType FACE_SCHEMA = MessageTypeParser.parseMessageType("""
            message face {
              required binary source (STRING);
              required int32 segment;
              required int64 frame;
              required double time_ms;
              required int32 track;
              required group box { required int32 x; required int32 y; required int32 width; required int32 height; }
              required group probabilities {
                required float angry; required float disgust; required float fear; required float happy;
                required float sad; required float surprise; required float neutral;
              }
              required binary label (STRING);
              required binary smoothed_label (STRING);
            }""");

    static final MessageType UNIT_SCHEMA = MessageTypeParser.parseMessageType("""
            message unit {
              required binary unit (STRING);
              required binary source (STRING);
              required binary kind (STRING);
              required int32 segment;
              required double start_ms;
              required double end_ms;
              required int64 frames;
              required int64 faces;
              required int64 tracks;
              required group labels {
                required int64 angry; required int64 disgust; required int64 fear; required int64 happy;
                required int64 sad; required int64 surprise; required int64 neutral;
              }
              required int32 errors;
              required int64 millis;
            }""");

    static final MessageType ERROR_SCHEMA = MessageTypeParser.parseMessageType("""
            message error {
              required binary unit (STRING);
              required binary source (STRING);
              required int32 segment;
              required binary error (STRING);
              required binary reason (STRING);
            }""");

    static {
        // the schemas' per-emotion fields must follow Emotion's order, which is how rows are filled and read
        for (List<String> names : List.of(fieldNames(FACE_SCHEMA, "probabilities"), fieldNames(UNIT_SCHEMA, "labels"))) {
            for (Emotion e : Emotion.values()) {
                if (!names.get(e.ordinal()).equals(e.label())) {
                    throw new IllegalStateException("table schema out of step with Emotion at " + e);
                }
            }
        }
    }

    private Tables() {
    }

    private static List<String> fieldNames(MessageType schema, String group) {
        return schema.getType(group).asGroupType().getFields().stream().map(f -> f.getName()).toList();
    }

    /** @param unitId a unit @return the file name of its part in each table */
    static String partName(String unitId) {
        return "part-" + unitId + ".parquet";
    }

    /** @param fileName a part's file name @return its unit id, or null for any other file */
    static String unitOf(String fileName) {
        if (!fileName.startsWith("part-") || !fileName.endsWith(".parquet")) {
            return null;
        }
        return fileName.substring("part-".length(), fileName.length() - ".parquet".length());
    }

    /**
     * Writes rows as one part and commits it atomically (temporary name, then rename onto the final one).
     *
     * @param conf Hadoop configuration
     * @param dir the table's folder
     * @param unitId the unit the rows belong to
     * @param schema the table's schema
     * @param rows the rows, built with {@link #factory(MessageType)}
     */
    static void commit(Configuration conf, Path dir, String unitId, MessageType schema, List<Group> rows) {
        Path target = new Path(dir, partName(unitId));
        // hidden (dot) names are skipped by Spark's and Hadoop's readers, so a half-written part is never read
        Path tmp = new Path(dir, "." + partName(unitId) + "." + UUID.randomUUID() + ".tmp");
        try {
            FileSystem fs = dir.getFileSystem(conf);
            fs.mkdirs(dir);
            try {
                ExampleParquetWriter.Builder b = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(tmp, conf)).withConf(conf)
                        .withType(schema).withCompressionCodec(CompressionCodecName.SNAPPY).withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
                try (ParquetWriter<Group> w = b.build()) {
                    for (Group g : rows) {
                        w.write(g);
                    }
                }
                // a retried or speculative attempt of the same unit wrote the same rows: replacing them keeps one copy
                if (fs.exists(target)) {
                    fs.delete(target, false);
                }
                if (!fs.rename(tmp, target) && !fs.exists(target)) {
                    throw new IOException("cannot rename " + tmp + " to " + target);
                }
            } finally {
                if (fs.exists(tmp)) {
                    fs.delete(tmp, false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes a unit's part, if any.
     *
     * @param conf Hadoop configuration
     * @param dir the table's folder
     * @param unitId the unit
     */
    static void remove(Configuration conf, Path dir, String unitId) {
        Path target = new Path(dir, partName(unitId));
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + target + " failed: " + e.getMessage(), e);
        }
    }

    /** @param schema a table's schema @return a maker of its rows */
    static SimpleGroupFactory factory(MessageType schema) {
        return new SimpleGroupFactory(schema);
    }
}
