package org.fer4j.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.fer4j.core.Emotion;
import org.fer4j.core.pipeline.FaceResult;
import org.fer4j.core.pipeline.FramePipeline;
import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.VideoSegments;
import org.fer4j.vision.VisionException;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Runs one {@link WorkUnit} on an executor and commits its parts: faces (when any), errors (when any), then the unit's
 * row in the units table, which marks it complete. A source that cannot be read or decoded becomes an error row and
 * the unit still completes; anything else (a model that fails, a full output disk) fails the task, so that Spark retries it.
 */
final class UnitRunner implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final SimpleGroupFactory FACES = Tables.factory(Tables.FACE_SCHEMA);
    private static final SimpleGroupFactory UNITS = Tables.factory(Tables.UNIT_SCHEMA);
    private static final SimpleGroupFactory ERRORS = Tables.factory(Tables.ERROR_SCHEMA);
    /** Least share of a segment's announced frames that must decode, as {@code Analyzer} asks of a whole video. */
    private static final double MIN_FRAME_SHARE = 0.9;

    private final AnalysisSettings settings;
    private final HadoopConf conf;
    private final String out;

    UnitRunner(AnalysisSettings settings, Configuration conf, String out) {
        this.settings = settings;
        this.conf = new HadoopConf(conf);
        this.out = out;
    }

    /** What a unit did, sent back to the driver. @param unit id @param frames frames analyzed @param faces faces found @param errors sources in error @param millis wall time */
    record Outcome(String unit, long frames, long faces, int errors, long millis) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** @param unit the unit @return what it did; its parts are committed when this returns */
    Outcome run(WorkUnit unit) {
        long t0 = System.nanoTime();
        Engine engine = Engine.get(settings);
        List<Group> faces = new ArrayList<>();
        List<Group> errors = new ArrayList<>();
        List<long[]> perSource = new ArrayList<>(); // frames, faces, errors, tracks, then faces per label, of each source
        try (Engine.Lease lease = engine.lease()) {
            for (String source : unit.sources()) {
                int before = faces.size();
                long frames;
                try {
                    frames = unit.video() ? video(lease, unit, source, faces) : image(lease, source, faces);
                } catch (VisionException | IOException | UncheckedIOException e) {
                    // the file's fault (unreadable, undecodable, damaged); a model's or the engine's failure fails the task instead.
                    // Nothing half-done: the source's rows so far are dropped and its error recorded instead
                    faces.subList(before, faces.size()).clear();
                    errors.add(ERRORS.newGroup().append("unit", unit.id()).append("source", source).append("segment", unit.segment())
                            .append("error", e.getClass().getSimpleName()).append("reason", String.valueOf(e.getMessage())));
                    long[] failed = counts(0, List.of());
                    failed[2] = 1;
                    perSource.add(failed);
                    continue;
                }
                perSource.add(counts(frames, faces.subList(before, faces.size())));
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Configuration c = conf.get();
        // an empty table part is not written, and one from an earlier attempt (say, errors now gone) is removed
        if (faces.isEmpty()) {
            Tables.remove(c, new Path(out, Tables.FACES), unit.id());
        } else {
            Tables.commit(c, new Path(out, Tables.FACES), unit.id(), Tables.FACE_SCHEMA, faces);
        }
        if (errors.isEmpty()) {
            Tables.remove(c, new Path(out, Tables.ERRORS), unit.id());
        } else {
            Tables.commit(c, new Path(out, Tables.ERRORS), unit.id(), Tables.ERROR_SCHEMA, errors);
        }
        List<Group> units = new ArrayList<>();
        long frames = 0;
        for (int i = 0; i < unit.sources().size(); i++) {
            long[] s = perSource.get(i);
            frames += s[0];
            Group row = UNITS.newGroup().append("unit", unit.id()).append("source", unit.sources().get(i)).append("kind", unit.video() ? "video" : "image")
                    .append("segment", unit.segment()).append("start_ms", unit.startMs()).append("end_ms", unit.endMs()).append("frames", s[0])
                    .append("faces", s[1]).append("tracks", s[3]);
            Group labels = row.addGroup("labels");
            for (Emotion e : Emotion.values()) {
                labels.append(e.label(), s[4 + e.ordinal()]);
            }
            units.add(row.append("errors", (int) s[2]).append("millis", millis));
        }
        Tables.commit(c, new Path(out, Tables.UNITS), unit.id(), Tables.UNIT_SCHEMA, units);
        return new Outcome(unit.id(), frames, faces.size(), errors.size(), millis);
    }

    /** @return frames, faces, 0 errors, distinct tracks and faces per label of one source's rows */
    private static long[] counts(long frames, List<Group> rows) {
        long[] c = new long[4 + Emotion.values().length];
        c[0] = frames;
        c[1] = rows.size();
        java.util.Set<Integer> tracks = new java.util.HashSet<>();
        for (Group g : rows) {
            tracks.add(g.getInteger("track", 0));
            c[4 + Emotion.fromName(g.getString("label", 0)).ordinal()]++;
        }
        c[3] = tracks.size();
        return c;
    }

    /** One image: decoded from its bytes, a fresh pipeline (images are unrelated), frame 0 at time 0. */
    private long image(Engine.Lease lease, String source, List<Group> faces) throws IOException {
        Path p = new Path(source);
        FileSystem fs = p.getFileSystem(conf.get());
        byte[] bytes;
        try (InputStream in = fs.open(p)) {
            bytes = in.readAllBytes();
        }
        if (bytes.length == 0) {
            throw new VisionException(source, "empty file (0 bytes)");
        }
        MatOfByte buf = new MatOfByte(bytes);
        Mat img = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
        buf.release();
        try {
            if (img.empty()) {
                throw new VisionException(source, "not a decodable image (OpenCV could not read it)");
            }
            add(faces, source, 0, lease.newPipeline(false).process(img, 0, 0));
        } finally {
            img.release();
        }
        return 1;
    }

    /** One video segment: the file read in place when local, else copied to a local temporary file for FFmpeg. */
    private long video(Engine.Lease lease, WorkUnit unit, String source, List<Group> faces) throws IOException {
        Path p = new Path(source);
        FileSystem fs = p.getFileSystem(conf.get());
        java.nio.file.Path local = null;
        java.nio.file.Path copy = null;
        try {
            if (fs.getUri().getScheme().equals("file")) {
                local = java.nio.file.Path.of(p.toUri());
            } else {
                String name = p.getName();
                copy = Files.createTempFile("fer-spark-", name.substring(Math.max(0, name.lastIndexOf('.'))));
                try (InputStream in = fs.open(p)) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                }
                local = copy;
            }
            if (Files.size(local) == 0) {
                throw new VisionException(source, "empty file (0 bytes)");
            }
            long frames = 0;
            try (FrameSource src = VideoSegments.openSegment(local, unit.startMs(), unit.endMs())) {
                FramePipeline<Mat> pipeline = lease.newPipeline(true); // tracks and smoothing restart at each segment
                for (FrameSource.Frame f; (f = src.next()) != null;) {
                    add(faces, source, unit.segment(), pipeline.process(f.image(), f.index(), f.timeMs()));
                    frames++;
                }
                // the single-process analyzer's rule, per segment: far fewer frames than the container announces is damage
                long expected = src.expectedFrames();
                if (expected > 0 && frames < MIN_FRAME_SHARE * expected) {
                    throw new VisionException(source, "segment " + unit.segment() + " ended after " + frames + " of " + expected
                            + " frames announced by the container: the file is truncated or damaged");
                }
            }
            return frames;
        } finally {
            if (copy != null) {
                Files.deleteIfExists(copy);
            }
        }
    }

    private static void add(List<Group> faces, String source, int segment, FrameResult r) {
        for (FaceResult f : r.faces()) {
            Group g = FACES.newGroup().append("source", source).append("segment", segment).append("frame", r.frame()).append("time_ms", r.timeMs())
                    .append("track", f.track());
            Group box = g.addGroup("box");
            box.append("x", f.box().x()).append("y", f.box().y()).append("width", f.box().width()).append("height", f.box().height());
            Group p = g.addGroup("probabilities");
            for (Emotion e : Emotion.values()) {
                p.append(e.label(), f.prediction().probability(e));
            }
            g.append("label", f.prediction().top().label()).append("smoothed_label", f.smoothedLabel().label());
            faces.add(g);
        }
    }
}
