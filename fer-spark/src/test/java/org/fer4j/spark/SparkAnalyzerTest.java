package org.fer4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.fer4j.core.Emotion;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.inference.InferenceEngine;
import org.fer4j.testing.SharedData;
import org.fer4j.vision.Analyzer;
import org.fer4j.vision.CascadeFaceDetector;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.FrameSources;
import org.fer4j.vision.VideoSegments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The Spark job in {@code local[2]} on the shared photos, both shared clips and two corrupt files, against the
 * single-process {@link Analyzer} on each file: the same faces (boxes) in the same frames with probabilities within
 * 1e-5, the same frame counts; corrupt files in the errors table; a rerun after deleting one source's output
 * recomputes only that source.
 */
class SparkAnalyzerTest {
    /**
     * What CI runs: the photos and the first 2 s of each clip in 0.8 s segments (three per clip), so that the test takes
     * about a minute on two cores. {@code -Dfer.spark.full=true} runs the whole clips in 4 s segments instead (about 4
     * minutes of analysis per side on two busy cores).
     */
    private static final boolean FULL = Boolean.getBoolean("fer.spark.full");
    private static final long LIMIT_MS = FULL ? 0 : 2000;
    private static final AnalysisSettings SETTINGS = AnalysisSettings.defaults().withClassifier("onnxruntime", true, null)
            .withSegmentMs(FULL ? 4000 : 800).withImageBatch(4).withVideoLimitMs(LIMIT_MS);

    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("fer-spark-test").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** One face as both sides report it. */
    private record Face(int[] box, float[] p) {
    }

    @Test
    void matchesSingleProcessResumesAndRecordsErrors() throws Exception {
        Path photos = SharedData.require("photos");
        Path hamilton = SharedData.require("video/short_hamilton_clip.mp4");
        Path tears = SharedData.require("video/clip_01_tears_of_steel.mp4");
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.write(bad.resolve("broken.jpg"), "this is not a jpeg".getBytes());
        Files.write(bad.resolve("broken.mp4"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3});
        Path out = tmp.resolve("out");
        List<String> inputs = List.of(photos.toString(), hamilton.toString(), tears.toString(), bad.toString());

        // single process: Analyzer on each file, as `fer analyze FILE` does
        Map<String, Map<Long, List<Face>>> expected = new TreeMap<>();
        Map<String, Long> expectedFrames = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(photos)) {
            s.filter(p -> !p.getFileName().toString().endsWith(".tsv")).sorted().forEach(files::add);
        }
        files.add(hamilton);
        files.add(tears);
        long t0 = System.nanoTime();
        try (org.fer4j.core.FaceDetector<org.opencv.core.Mat> det = org.fer4j.vision.FaceDetectors.create(org.fer4j.vision.FaceDetectors.DEFAULT);
                DjlExpressionClassifier cls = ExpressionClassifiers.builder().optEngine(InferenceEngine.ONNX_RUNTIME).optInt8().build()) {
            for (Path f : files) {
                Analyzer.Result r;
                boolean clip = f.getFileName().toString().endsWith(".mp4");
                try (FrameSource src = clip && LIMIT_MS > 0 ? VideoSegments.openSegment(f, 0, LIMIT_MS) : FrameSources.open(f.toString())) {
                    r = Analyzer.builder(det, cls).optAnnotate(false).build().run(src, tmp.resolve("single"));
                }
                List<String> lines = Files.readAllLines(r.jsonl());
                expectedFrames.put(f.getFileName().toString(), (long) lines.size());
                Map<Long, List<Face>> byFrame = new TreeMap<>();
                for (String line : lines) {
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    for (JsonElement fe : o.getAsJsonArray("faces")) {
                        JsonObject face = fe.getAsJsonObject();
                        JsonArray b = face.getAsJsonArray("box");
                        float[] p = new float[7];
                        for (Emotion e : Emotion.values()) {
                            p[e.ordinal()] = face.getAsJsonObject("probabilities").get(e.label()).getAsFloat();
                        }
                        byFrame.computeIfAbsent(o.get("frame").getAsLong(), k -> new ArrayList<>())
                                .add(new Face(new int[] {b.get(0).getAsInt(), b.get(1).getAsInt(), b.get(2).getAsInt(), b.get(3).getAsInt()}, p));
                    }
                }
                expected.put(f.getFileName().toString(), byFrame);
            }
        }
        double singleSeconds = (System.nanoTime() - t0) / 1e9;

        SparkAnalyzer analyzer = SparkAnalyzer.builder().optSettings(SETTINGS).build();
        SparkAnalyzer.Report first = analyzer.run(spark, inputs, out.toString());
        System.out.printf("single process: %.1f s; spark local[2]: %s, %.1f frames/s%n", singleSeconds, first, first.framesPerSecond());
        assertEquals(first.units(), first.computed());
        assertEquals(2, first.errors());

        // faces: the same faces in the same frames, probabilities within 1e-5
        Map<String, Map<Long, List<Face>>> actual = new TreeMap<>();
        List<Row> rows = spark.read().parquet(out.resolve("faces").toString()).collectAsList();
        for (Row r : rows) {
            Row b = r.getStruct(r.fieldIndex("box"));
            Row p = r.getStruct(r.fieldIndex("probabilities"));
            float[] probs = new float[7];
            for (Emotion e : Emotion.values()) {
                probs[e.ordinal()] = p.getFloat(p.fieldIndex(e.label()));
            }
            actual.computeIfAbsent(name(r.getString(r.fieldIndex("source"))), k -> new TreeMap<>())
                    .computeIfAbsent(r.getLong(r.fieldIndex("frame")), k -> new ArrayList<>())
                    .add(new Face(new int[] {b.getInt(0), b.getInt(1), b.getInt(2), b.getInt(3)}, probs));
        }
        long expectedRows = expected.values().stream().flatMap(m -> m.values().stream()).mapToLong(List::size).sum();
        assertEquals(expectedRows, rows.size(), "face rows");
        assertEquals(first.faces(), rows.size());
        expected.values().removeIf(Map::isEmpty);
        assertEquals(expected.keySet(), actual.keySet(), "sources with faces");
        double worst = 0;
        for (String src : expected.keySet()) {
            assertEquals(expected.get(src).keySet(), actual.get(src).keySet(), src + ": frames with faces");
            for (long frame : expected.get(src).keySet()) {
                List<Face> e = sorted(expected.get(src).get(frame));
                List<Face> a = sorted(actual.get(src).get(frame));
                assertEquals(e.size(), a.size(), src + " frame " + frame);
                for (int i = 0; i < e.size(); i++) {
                    assertEquals(List.of(e.get(i).box()[0], e.get(i).box()[1], e.get(i).box()[2], e.get(i).box()[3]),
                            List.of(a.get(i).box()[0], a.get(i).box()[1], a.get(i).box()[2], a.get(i).box()[3]), src + " frame " + frame);
                    for (int k = 0; k < 7; k++) {
                        worst = Math.max(worst, Math.abs(e.get(i).p()[k] - a.get(i).p()[k]));
                    }
                }
            }
        }
        System.out.printf("largest probability difference: %.2e%n", worst);
        assertTrue(worst <= 1e-5, "probabilities differ by " + worst);

        // summary: every source's frame count equals its JSON lines
        Map<String, Long> summaryFrames = new TreeMap<>();
        for (Row r : spark.read().parquet(out.resolve("summary").toString()).collectAsList()) {
            summaryFrames.put(name(r.getString(r.fieldIndex("source"))), r.getLong(r.fieldIndex("frames")));
        }
        Map<String, Long> withBroken = new TreeMap<>(expectedFrames);
        withBroken.put("broken.jpg", 0L);
        withBroken.put("broken.mp4", 0L);
        assertEquals(withBroken, summaryFrames);

        // errors: both corrupt files, with their reasons
        Map<String, String> errors = new HashMap<>();
        for (Row r : spark.read().parquet(out.resolve("errors").toString()).collectAsList()) {
            errors.put(name(r.getString(r.fieldIndex("source"))), r.getString(r.fieldIndex("reason")));
        }
        assertEquals(Set.of("broken.jpg", "broken.mp4"), errors.keySet());
        assertTrue(errors.get("broken.jpg").contains("not a decodable image"), errors.get("broken.jpg"));
        assertTrue(errors.get("broken.mp4").contains("cannot open as a video"), errors.get("broken.mp4"));

        // segments: tracks and smoothing restart at each one, so a segment's first face row has a fresh smoother
        List<Row> units = spark.read().parquet(out.resolve("units").toString()).collectAsList();
        long hamiltonSegments = units.stream().filter(r -> name(r.getString(r.fieldIndex("source"))).equals("short_hamilton_clip.mp4")).count();
        assertTrue(hamiltonSegments >= 2, "the clip should be cut into several segments, got " + hamiltonSegments);
        for (Row r : spark.sql("SELECT source, segment, min(track) AS t FROM parquet.`" + out.resolve("faces") + "` WHERE segment >= 0 GROUP BY source, segment")
                .collectAsList()) {
            assertEquals(firstTrackId(), r.getInt(2), r + ": track ids restart at each segment");
        }
        for (Row r : spark.sql("SELECT f.label, f.smoothed_label FROM parquet.`" + out.resolve("faces") + "` f JOIN (SELECT source, segment, "
                + "min(frame) AS m FROM parquet.`" + out.resolve("faces") + "` GROUP BY source, segment) s ON f.source = s.source AND "
                + "f.segment = s.segment AND f.frame = s.m").collectAsList()) {
            assertEquals(r.getString(0), r.getString(1), "first frame of a segment: the smoothed label is the frame's own");
        }

        // rerun: everything is complete, nothing is recomputed
        SparkAnalyzer.Report again = analyzer.run(spark, inputs, out.toString());
        assertEquals(0, again.computed());
        assertEquals(first.units(), again.skipped());

        // delete one source's output: only its units run again, and the tables come back the same
        Set<String> hamiltonUnits = new HashSet<>();
        for (Row r : units) {
            if (name(r.getString(r.fieldIndex("source"))).equals("short_hamilton_clip.mp4")) {
                hamiltonUnits.add(r.getString(r.fieldIndex("unit")));
            }
        }
        for (String u : hamiltonUnits) {
            for (String table : List.of("faces", "units", "errors")) {
                Files.deleteIfExists(out.resolve(table).resolve("part-" + u + ".parquet"));
                Files.deleteIfExists(out.resolve(table).resolve(".part-" + u + ".parquet.crc"));
            }
        }
        SparkAnalyzer.Report third = analyzer.run(spark, inputs, out.toString());
        assertEquals(hamiltonUnits.size(), third.computed());
        assertEquals(first.units() - hamiltonUnits.size(), third.skipped());
        assertEquals(expectedFrames.get("short_hamilton_clip.mp4"), third.frames());
        assertEquals(rows.size(), spark.read().parquet(out.resolve("faces").toString()).count(), "no face lost or duplicated");
        assertEquals(1, Engine.classifiersBuilt(), "one classifier per JVM, not per task");
        assertTrue(Engine.detectorsBuilt() <= 2, "at most one detector per task slot, got " + Engine.detectorsBuilt());
    }

    /** A retried task runs its unit again: the unit's part is replaced, never doubled; a part left without its units row is removed. */
    @Test
    void retriedUnitAndInterruptedCommitLeaveNoDuplicates() throws Exception {
        Path photos = SharedData.require("photos");
        Path out = tmp.resolve("retry");
        List<String> inputs = List.of(photos.resolve("two_people.jpg").toString(), photos.resolve("obama.jpg").toString());
        SparkAnalyzer analyzer = SparkAnalyzer.builder().optSettings(SETTINGS).build();
        SparkAnalyzer.Report first = analyzer.run(spark, inputs, out.toString());
        assertEquals(1, first.units());
        long faces = spark.read().parquet(out.resolve("faces").toString()).count();
        assertEquals(3, faces, "two_people.jpg and obama.jpg: 3 faces");
        String unit;
        try (Stream<Path> s = Files.list(out.resolve("units"))) {
            unit = s.map(p -> Tables.unitOf(p.getFileName().toString())).filter(u -> u != null).findFirst().orElseThrow();
        }
        // the same unit run again, as Spark does when it retries a task (or runs a speculative copy)
        WorkUnit w = new WorkUnit(unit, false, SparkAnalyzer.list(spark.sparkContext().hadoopConfiguration(), inputs).stream()
                .map(f -> f.getPath().toString()).toList(), 0, 0, Double.POSITIVE_INFINITY);
        new UnitRunner(SETTINGS, spark.sparkContext().hadoopConfiguration(), out.toString()).run(w);
        assertEquals(faces, spark.read().parquet(out.resolve("faces").toString()).count());
        try (Stream<Path> s = Files.list(out.resolve("faces"))) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count(), "one part per unit");
        }
        // a run stopped between the faces part and the units part: the faces part is removed and the unit runs again
        Files.delete(out.resolve("units").resolve(Tables.partName(unit)));
        SparkAnalyzer.Report rerun = analyzer.run(spark, inputs, out.toString());
        assertEquals(1, rerun.computed());
        assertEquals(faces, spark.read().parquet(out.resolve("faces").toString()).count());
        assertFalse(Files.exists(out.resolve("errors")));
    }

    /**
     * A file in error stays in the errors table once (also when its unit is retried with {@code optRetryErrors}), and
     * when the file is replaced by a good one its old unit and error are removed and its faces appear.
     */
    @Test
    void retriedErrorsAndReplacedFiles() throws Exception {
        Path obama = SharedData.require("photos/obama.jpg");
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(SharedData.require("photos/two_people.jpg"), in.resolve("a.jpg"));
        Files.write(in.resolve("b.jpg"), "broken".getBytes());
        Path out = tmp.resolve("errors-out");
        List<String> inputs = List.of(in.toString());
        SparkAnalyzer analyzer = SparkAnalyzer.builder().optSettings(SETTINGS).build();
        assertEquals(1, analyzer.run(spark, inputs, out.toString()).errors());
        assertEquals(0, analyzer.run(spark, inputs, out.toString()).computed(), "errors count as done by default");
        SparkAnalyzer.Report retried = SparkAnalyzer.builder().optSettings(SETTINGS).optRetryErrors(true).build().run(spark, inputs, out.toString());
        assertEquals(1, retried.computed());
        assertEquals(1, spark.read().parquet(out.resolve("errors").toString()).count(), "one error row after a retry");
        assertEquals(2, spark.read().parquet(out.resolve("faces").toString()).count());
        // the broken file is replaced by a good one: a new unit, the old one's error and faces removed
        Files.copy(obama, in.resolve("b.jpg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        SparkAnalyzer.Report fixed = analyzer.run(spark, inputs, out.toString());
        assertEquals(1, fixed.computed());
        assertEquals(0, fixed.errors());
        assertFalse(spark.read().parquet(out.resolve("units").toString()).filter("errors > 0").count() > 0);
        try (Stream<Path> s = Files.list(out.resolve("errors"))) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".parquet")).count());
        }
        assertEquals(3, spark.read().parquet(out.resolve("faces").toString()).count(), "two_people.jpg and obama.jpg, each once");
    }

    private static int firstTrackId() {
        return new org.fer4j.core.pipeline.FaceTracker(org.fer4j.core.pipeline.TrackingSpec.DEFAULT).update(List.of(new org.fer4j.core.BoundingBox(0, 0, 10, 10)))[0];
    }

    private static List<Face> sorted(List<Face> faces) {
        List<Face> s = new ArrayList<>(faces);
        s.sort(Comparator.<Face>comparingInt(f -> f.box()[0]).thenComparingInt(f -> f.box()[1]).thenComparingInt(f -> f.box()[2]));
        return s;
    }

    private static String name(String uri) {
        return Path.of(URI.create(uri)).getFileName().toString();
    }
}
