package org.fer4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.fer4j.core.Emotion;
import org.fer4j.vision.VideoSegments;
import org.fer4j.vision.VisionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyzes image and video files on Spark and writes, under an output folder (any Hadoop file system):
 * <ul>
 * <li>{@code faces/}: one row per face per frame (source, segment, frame, time_ms, track, box, the seven
 * probabilities, label, smoothed_label);</li>
 * <li>{@code summary/}: one row per source (frames, faces, tracks, faces per label);</li>
 * <li>{@code errors/}: one row per file that could not be read or decoded, with the reason;</li>
 * <li>{@code units/}: the bookkeeping of finished work units (a batch of images or one video segment).</li>
 * </ul>
 * Each unit's parts are committed atomically; a rerun skips units whose part in {@code units/} exists, so deleting a
 * unit's parts (or a source's) recomputes exactly that. Videos are cut into time segments analyzed independently:
 * frame numbers and times are those of the whole file, while tracks and smoothing restart at each segment's start
 * (a track id is unique within its source and segment).
 */
public final class SparkAnalyzer {
    private static final Logger LOG = LoggerFactory.getLogger(SparkAnalyzer.class);
    private static final List<String> IMAGE_EXT = List.of(".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff");
    private static final List<String> VIDEO_EXT = List.of(".mp4", ".avi", ".mov", ".mkv", ".webm", ".m4v", ".mpg", ".mpeg");

    private final AnalysisSettings settings;
    private final boolean retryErrors;

    private SparkAnalyzer(Builder b) {
        this.settings = b.settings;
        this.retryErrors = b.retryErrors;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a run did.
     *
     * @param units work units of the inputs
     * @param skipped units already complete from an earlier run
     * @param computed units run now
     * @param frames frames analyzed now
     * @param faces faces found now
     * @param errors sources that went to the errors table now
     * @param seconds wall time of the whole run (planning, analysis, summary)
     * @param analysisSeconds wall time of the analysis stage alone
     */
    public record Report(int units, int skipped, int computed, long frames, long faces, int errors, double seconds, double analysisSeconds) {
        /** @return frames per second of the analysis stage, 0 when nothing ran */
        public double framesPerSecond() {
            return analysisSeconds > 0 ? frames / analysisSeconds : 0;
        }
    }

    /**
     * Analyzes the inputs into {@code out}.
     *
     * @param spark the session (its master decides where the work runs)
     * @param inputs files, folders (searched recursively for images and videos) or glob patterns, as Hadoop paths
     * @param out the output folder
     * @return what the run did
     * @throws IllegalArgumentException when an input does not exist or holds no image or video
     */
    public Report run(SparkSession spark, List<String> inputs, String out) {
        long t0 = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Path outDir = new Path(out);
        List<FileStatus> files = list(conf, inputs);
        List<WorkUnit> plan = plan(jsc, conf, files);
        Set<String> done = cleanUp(spark, conf, outDir, plan);
        List<WorkUnit> todo = plan.stream().filter(u -> !done.contains(u.id())).toList();
        LOG.info("{} work units: {} complete from an earlier run, {} to run", plan.size(), plan.size() - todo.size(), todo.size());
        long frames = 0;
        long faces = 0;
        int errors = 0;
        long a0 = System.nanoTime();
        if (!todo.isEmpty()) {
            UnitRunner runner = new UnitRunner(settings, conf, outDir.toString());
            spark.sparkContext().setJobDescription("fer-spark: analyze " + todo.size() + " units");
            // one unit per partition: Spark hands units to free executors one by one, so a slow video segment holds one slot
            List<UnitRunner.Outcome> outcomes = jsc.parallelize(todo, todo.size()).map(runner::run).collect();
            for (UnitRunner.Outcome o : outcomes) {
                frames += o.frames();
                faces += o.faces();
                errors += o.errors();
            }
        }
        double analysis = (System.nanoTime() - a0) / 1e9;
        writeSummary(spark, conf, outDir);
        Report r = new Report(plan.size(), plan.size() - todo.size(), todo.size(), frames, faces, errors, (System.nanoTime() - t0) / 1e9, analysis);
        LOG.info("fer-spark: {}", r);
        return r;
    }

    /** Every image and video file of the inputs, sorted by path; other files inside folders are ignored. */
    static List<FileStatus> list(Configuration conf, List<String> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no inputs given");
        }
        Map<Path, FileStatus> found = new HashMap<>();
        try {
            for (String input : inputs) {
                Path p = new Path(input);
                FileSystem fs = p.getFileSystem(conf);
                FileStatus[] matches = fs.globStatus(p);
                if (matches == null || matches.length == 0) {
                    throw new IllegalArgumentException(input + ": no such file or folder");
                }
                int before = found.size();
                for (FileStatus m : matches) {
                    if (m.isDirectory()) {
                        RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
                        while (it.hasNext()) {
                            LocatedFileStatus f = it.next();
                            if (kind(f.getPath()) != null && !hidden(f.getPath())) {
                                found.put(f.getPath(), f);
                            }
                        }
                    } else if (kind(m.getPath()) != null) {
                        found.put(m.getPath(), m);
                    } else {
                        throw new IllegalArgumentException(input + ": unknown file type; expected an image (" + String.join(" ", IMAGE_EXT)
                                + "), a video (" + String.join(" ", VIDEO_EXT) + ") or a folder");
                    }
                }
                if (found.size() == before) {
                    throw new IllegalArgumentException(input + ": no image or video in it");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing the inputs failed: " + e.getMessage(), e);
        }
        return found.values().stream().sorted(Comparator.comparing(f -> f.getPath().toString())).toList();
    }

    private static boolean hidden(Path p) {
        return p.getName().startsWith(".") || p.getName().startsWith("_");
    }

    /** @return "image", "video" or null from the file name's extension */
    private static String kind(Path p) {
        String n = p.getName().toLowerCase(Locale.ROOT);
        if (IMAGE_EXT.stream().anyMatch(n::endsWith)) {
            return "image";
        }
        return VIDEO_EXT.stream().anyMatch(n::endsWith) ? "video" : null;
    }

    /**
     * Images in batches of {@code imageBatch} in path order; each video probed (on the executors, one task per video)
     * and cut into segments of {@code segmentMs}, the last one open-ended so that no frame past the container's stated
     * length is lost. A video that cannot be probed becomes one whole-file unit, whose run records the error.
     */
    private List<WorkUnit> plan(JavaSparkContext jsc, Configuration conf, List<FileStatus> files) {
        List<FileStatus> images = files.stream().filter(f -> kind(f.getPath()).equals("image")).toList();
        List<FileStatus> videos = files.stream().filter(f -> kind(f.getPath()).equals("video")).toList();
        List<WorkUnit> units = new ArrayList<>();
        for (int i = 0; i < images.size(); i += settings.imageBatch()) {
            List<FileStatus> batch = images.subList(i, Math.min(images.size(), i + settings.imageBatch()));
            StringBuilder key = new StringBuilder("images");
            batch.forEach(f -> key.append('|').append(fingerprint(f)));
            units.add(new WorkUnit("img-" + hash(key.toString()), false, batch.stream().map(f -> f.getPath().toString()).toList(), 0, 0,
                    Double.POSITIVE_INFINITY));
        }
        if (videos.isEmpty()) {
            return units;
        }
        List<String> paths = videos.stream().map(f -> f.getPath().toString()).toList();
        Map<String, Double> durations = new HashMap<>();
        if (settings.segmentMs() > 0 && !(settings.videoLimitMs() > 0 && settings.videoLimitMs() <= settings.segmentMs())) {
            jsc.sc().setJobDescription("fer-spark: probe " + paths.size() + " videos");
            Prober prober = new Prober(new HadoopConf(conf));
            for (Probe p : jsc.parallelize(paths, paths.size()).map(prober::probe).collect()) {
                durations.put(p.source(), p.durationMs());
            }
        }
        long limit = settings.videoLimitMs();
        for (FileStatus v : videos) {
            String src = v.getPath().toString();
            String base = "vid-" + hash("video|" + fingerprint(v) + "|" + settings.segmentMs() + "|" + limit);
            double duration = durations.getOrDefault(src, 0.0);
            if (duration < 0) {
                duration = 0; // not a readable video: one unit, whose run records why
            } else if (limit > 0 && (duration == 0 || duration > limit)) {
                duration = limit;
            }
            int segments = duration > 0 && settings.segmentMs() > 0 ? (int) Math.max(1, Math.ceil(duration / settings.segmentMs())) : 1;
            double last = limit > 0 ? limit : Double.POSITIVE_INFINITY;
            for (int k = 0; k < segments; k++) {
                double end = k == segments - 1 ? last : (k + 1.0) * settings.segmentMs();
                units.add(new WorkUnit(String.format(Locale.ROOT, "%s-%05d", base, k), true, List.of(src), k, (double) k * settings.segmentMs(), end));
            }
        }
        return units;
    }

    /** A video's length from its header, or -1 with the reason when it cannot be opened. */
    record Probe(String source, double durationMs, String problem) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Probes videos on the executors (a remote file is copied to a local temporary file for FFmpeg, then deleted). */
    static final class Prober implements Serializable {
        private static final long serialVersionUID = 1L;
        private final HadoopConf conf;

        Prober(HadoopConf conf) {
            this.conf = conf;
        }

        Probe probe(String source) throws IOException {
            Path p = new Path(source);
            FileSystem fs = p.getFileSystem(conf.get());
            java.nio.file.Path copy = null;
            try {
                java.nio.file.Path local;
                if (fs.getUri().getScheme().equals("file")) {
                    local = java.nio.file.Path.of(p.toUri());
                } else {
                    copy = java.nio.file.Files.createTempFile("fer-spark-probe-", p.getName().substring(Math.max(0, p.getName().lastIndexOf('.'))));
                    try (var in = fs.open(p)) {
                        java.nio.file.Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                    local = copy;
                }
                return new Probe(source, VideoSegments.probe(local).durationMs(), null);
            } catch (VisionException | IOException e) {
                return new Probe(source, -1, e.getMessage());
            } finally {
                if (copy != null) {
                    java.nio.file.Files.deleteIfExists(copy);
                }
            }
        }
    }

    /**
     * Reads which units are complete and tidies the tables: parts of units without a units part (a run stopped between
     * commits) are deleted, as are finished units not in this plan whose sources are (a batch of images whose members
     * changed), so that no face is counted twice. With {@code retryErrors}, units that recorded errors are run again.
     *
     * @return ids of the complete units to skip
     */
    private Set<String> cleanUp(SparkSession spark, Configuration conf, Path out, List<WorkUnit> plan) {
        Set<String> planned = new HashSet<>();
        Set<String> sources = new HashSet<>();
        for (WorkUnit u : plan) {
            planned.add(u.id());
            sources.addAll(u.sources());
        }
        try {
            FileSystem fs = out.getFileSystem(conf);
            Set<String> marked = partsIn(fs, new Path(out, Tables.UNITS));
            Set<String> remove = new HashSet<>();
            Set<String> done = new HashSet<>();
            if (!marked.isEmpty()) {
                List<Row> rows = spark.read().parquet(new Path(out, Tables.UNITS).toString()).select("unit", "source", "errors").collectAsList();
                Set<String> withErrors = new HashSet<>();
                Set<String> superseded = new HashSet<>();
                for (Row r : rows) {
                    String unit = r.getString(0);
                    if (!planned.contains(unit) && sources.contains(r.getString(1))) {
                        superseded.add(unit);
                    }
                    if (r.getInt(2) > 0) {
                        withErrors.add(unit);
                    }
                }
                remove.addAll(superseded);
                for (String u : marked) {
                    if (planned.contains(u) && !(retryErrors && withErrors.contains(u))) {
                        done.add(u);
                    }
                }
            }
            for (String table : List.of(Tables.FACES, Tables.ERRORS)) {
                for (String u : partsIn(fs, new Path(out, table))) {
                    if (!marked.contains(u) || remove.contains(u)) {
                        fs.delete(new Path(new Path(out, table), Tables.partName(u)), false);
                    }
                }
            }
            for (String u : remove) {
                fs.delete(new Path(new Path(out, Tables.UNITS), Tables.partName(u)), false);
            }
            if (!remove.isEmpty()) {
                LOG.info("removed {} finished units superseded by this run's plan", remove.size());
            }
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + out + " failed: " + e.getMessage(), e);
        }
    }

    private static Set<String> partsIn(FileSystem fs, Path dir) throws IOException {
        Set<String> ids = new HashSet<>();
        if (!fs.exists(dir)) {
            return ids;
        }
        for (FileStatus f : fs.listStatus(dir)) {
            String id = Tables.unitOf(f.getPath().getName());
            if (id != null) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Per source: kind, segments, frames, faces, tracks (counted per segment), errors, faces per label and the most
     * frequent label (null without faces). Built from the small units table alone (each unit row carries its counts),
     * so it costs one read of one row per unit and source, not a pass over the faces.
     */
    private static void writeSummary(SparkSession spark, Configuration conf, Path out) {
        try {
            FileSystem fs = out.getFileSystem(conf);
            if (partsIn(fs, new Path(out, Tables.UNITS)).isEmpty()) {
                return;
            }
            int n = Emotion.values().length;
            Map<String, Object[]> bySource = new TreeMap<>();
            for (Row r : spark.read().parquet(new Path(out, Tables.UNITS).toString()).collectAsList()) {
                Object[] v = bySource.computeIfAbsent(r.getString(r.fieldIndex("source")), k -> {
                    Object[] init = new Object[7 + n + 1];
                    init[0] = k;
                    init[1] = r.getString(r.fieldIndex("kind"));
                    for (int i = 2; i < 7 + n; i++) {
                        init[i] = 0L;
                    }
                    return init;
                });
                v[2] = (long) v[2] + 1;
                v[3] = (long) v[3] + r.getLong(r.fieldIndex("frames"));
                v[4] = (long) v[4] + r.getLong(r.fieldIndex("faces"));
                v[5] = (long) v[5] + r.getLong(r.fieldIndex("tracks"));
                v[6] = (long) v[6] + r.getInt(r.fieldIndex("errors"));
                Row labels = r.getStruct(r.fieldIndex("labels"));
                for (Emotion e : Emotion.values()) {
                    v[7 + e.ordinal()] = (long) v[7 + e.ordinal()] + labels.getLong(labels.fieldIndex(e.label()));
                }
            }
            List<Row> rows = new ArrayList<>();
            for (Object[] v : bySource.values()) {
                int best = -1;
                for (int i = 0; i < n; i++) {
                    if ((long) v[7 + i] > 0 && (best < 0 || (long) v[7 + i] > (long) v[7 + best])) {
                        best = i;
                    }
                }
                v[7 + n] = best < 0 ? null : Emotion.values()[best].label();
                rows.add(RowFactory.create(v));
            }
            List<StructField> fields = new ArrayList<>();
            fields.add(DataTypes.createStructField("source", DataTypes.StringType, false));
            fields.add(DataTypes.createStructField("kind", DataTypes.StringType, false));
            for (String c : List.of("segments", "frames", "faces", "tracks", "errors")) {
                fields.add(DataTypes.createStructField(c, DataTypes.LongType, false));
            }
            for (Emotion e : Emotion.values()) {
                fields.add(DataTypes.createStructField(e.label(), DataTypes.LongType, false));
            }
            fields.add(DataTypes.createStructField("top_label", DataTypes.StringType, true));
            spark.createDataFrame(rows, DataTypes.createStructType(fields)).coalesce(1).write().mode(SaveMode.Overwrite)
                    .parquet(new Path(out, Tables.SUMMARY).toString());
        } catch (IOException e) {
            throw new UncheckedIOException("writing the summary under " + out + " failed: " + e.getMessage(), e);
        }
    }

    /** @return path, size and modification time: a changed file gets new unit ids and is analyzed again */
    private static String fingerprint(FileStatus f) {
        return f.getPath() + "|" + f.getLen() + "|" + f.getModificationTime();
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    /** Builder with {@code opt*} settings. */
    public static final class Builder {
        private AnalysisSettings settings = AnalysisSettings.defaults();
        private boolean retryErrors;

        private Builder() {
        }

        /** @param s detector, classifier, smoothing and how work is cut (default {@link AnalysisSettings#defaults()}) @return this */
        public Builder optSettings(AnalysisSettings s) {
            settings = Objects.requireNonNull(s, "settings");
            return this;
        }

        /** @param r run again the units that recorded errors in an earlier run (default false: they count as complete) @return this */
        public Builder optRetryErrors(boolean r) {
            retryErrors = r;
            return this;
        }

        /** @return the analyzer */
        public SparkAnalyzer build() {
            return new SparkAnalyzer(this);
        }
    }
}
