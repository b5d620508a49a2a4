package org.fer4j.vision;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.fer4j.core.BoundingBox;
import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FerException;
import org.fer4j.core.io.AtomicOutput;
import org.fer4j.core.io.StagingFolder;
import org.fer4j.core.pipeline.FaceResult;
import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.core.pipeline.Smoothed;
import org.fer4j.vision.output.AnnotatedVideoSink;
import org.fer4j.vision.output.FrameRecord;
import org.fer4j.vision.output.FrameSink;
import org.fer4j.vision.output.JsonLinesSink;
import org.fer4j.vision.output.OutputContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resumable analysis of one video file ({@link Analyzer.Builder#optResume}): the video is cut into segments of equal
 * length, each analyzed with {@link VideoSegments} and committed, by one atomic rename, into the work folder
 * {@code <out>/.fer-resume-<stem>/} as {@code seg-NNNNN/} (its JSON lines, its annotated video part and a small record
 * of its frames and tracks). A run finds the completed segments there and starts at the first missing one, so a run
 * killed in any way loses at most the segment it was in. When every segment is done, the parts are joined into the
 * usual outputs (JSON lines concatenated, annotated parts copied packet by packet into one mp4, the summary and the
 * caller's sinks fed from the joined lines), these are moved into place, and the work folder is removed.
 *
 * <p>A work folder records the input's name, size and modification time, the segment length and the analyzer's
 * settings; one made for anything else is refused rather than mixed in.
 */
final class SegmentedRun {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentedRun.class);
    static final String PREFIX = ".fer-resume-";
    private static final String MANIFEST = "manifest.properties";
    private static final String SEGMENT_RECORD = "segment.properties";
    private static final String PART = "part";
    private static final String PARTIAL = ".partial-";

    private final Analyzer analyzer;
    private final Path video;
    private final Path outDir;
    private final int segmentSeconds;
    private final String name;
    private final String stem;
    private final Path work;

    SegmentedRun(Analyzer analyzer, Path video, Path outDir, int segmentSeconds, String settings) {
        this.analyzer = analyzer;
        this.video = video;
        this.outDir = outDir;
        this.segmentSeconds = segmentSeconds;
        this.name = video.getFileName().toString();
        this.stem = Analyzer.stem(name);
        this.work = outDir.resolve(PREFIX + stem);
    }

    /** What a completed segment holds: its frames and the first track id free after it. */
    private record Segment(int index, long frames, long first, long last, int nextTrack, Path dir) {
    }

    Analyzer.Result run() {
        checkVideoFile();
        for (FrameSink s : analyzer.newExtraSinks()) {
            try (s) {
                if (s.needsPixels()) {
                    throw new IllegalStateException("a resumable run feeds extra sinks from the joined results, without pixels; "
                            + s.getClass().getSimpleName() + " needs pixels");
                }
            }
        }
        VideoSegments.VideoInfo info = VideoSegments.probe(video);
        long t0 = System.nanoTime();
        prepareWorkFolder(info);
        double segmentMs = segmentSeconds * 1000.0;
        int count = (int) Math.max(1, Math.ceil(info.durationMs() / segmentMs));
        List<Segment> done = new ArrayList<>();
        int nextTrack = 0;
        int skipped = 0;
        long analyzed = 0;
        for (int k = 0; k < count; k++) {
            Path dir = work.resolve(segmentName(k));
            Segment s;
            if (Files.isDirectory(dir)) {
                s = readSegment(k, dir);
                skipped++;
            } else {
                // the last segment runs to the end of the file, whatever the container's duration said
                double end = k == count - 1 ? Double.POSITIVE_INFINITY : (k + 1) * segmentMs;
                s = analyzeSegment(k, k * segmentMs, end, nextTrack, info.fps());
                analyzed += s.frames();
            }
            if (s.frames() > 0 && !done.isEmpty()) {
                Segment before = lastWithFrames(done);
                if (before != null && s.first() != before.last() + 1) {
                    throw new VisionException(video.toString(), "segment " + k + " starts at frame " + s.first() + " but the segments before it end at frame "
                            + before.last() + "; remove " + work + " and run again");
                }
            }
            nextTrack = Math.max(nextTrack, s.nextTrack());
            done.add(s);
        }
        if (skipped > 0) {
            LOG.info("{}: resumed; {} of {} segments were already complete in {}; {} frames analyzed in this run", name, skipped, count, work, analyzed);
        }
        Analyzer.Result r = join(done, info, t0);
        AtomicOutput.deleteTree(work);
        return r;
    }

    private void checkVideoFile() {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(video) || FrameSources.VIDEO_EXT.stream().noneMatch(lower::endsWith)) {
            throw new VisionException(video.toString(), "a resumable run works on a video file (" + String.join(" ", FrameSources.VIDEO_EXT)
                    + "); this is not one");
        }
    }

    private static Segment lastWithFrames(List<Segment> segments) {
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (segments.get(i).frames() > 0) {
                return segments.get(i);
            }
        }
        return null;
    }

    private static String segmentName(int k) {
        return String.format(Locale.ROOT, "seg-%05d", k);
    }

    /** Creates the work folder with its manifest, or checks that an existing one was made for this input and these settings. */
    private void prepareWorkFolder(VideoSegments.VideoInfo info) {
        Properties want = new Properties();
        try {
            want.setProperty("input", name);
            want.setProperty("size", Long.toString(Files.size(video)));
            want.setProperty("modified", Files.getLastModifiedTime(video).toString());
        } catch (IOException e) {
            throw new VisionException(video.toString(), "cannot read the file's size and time: " + e.getMessage(), e);
        }
        want.setProperty("frames", Long.toString(info.frames()));
        want.setProperty("fps", Double.toString(info.fps()));
        want.setProperty("segment_seconds", Integer.toString(segmentSeconds));
        want.setProperty("settings", analyzer.settingsKey());
        try {
            Files.createDirectories(outDir);
            Path manifest = work.resolve(MANIFEST);
            if (Files.isDirectory(work)) {
                if (!Files.isRegularFile(manifest)) {
                    throw new FerException(work + ": a resume folder without its " + MANIFEST + "; remove it to start afresh");
                }
                Properties have = load(manifest);
                for (String key : want.stringPropertyNames()) {
                    if (!want.getProperty(key).equals(have.getProperty(key))) {
                        throw new FerException(work + ": made for another input or other settings (" + key + " was " + have.getProperty(key)
                                + ", now " + want.getProperty(key) + "); remove it to start afresh, or resume with the same input and settings");
                    }
                }
                removePartials();
                return;
            }
            Path tmp = outDir.resolve(PREFIX + stem + PARTIAL + ProcessHandle.current().pid());
            AtomicOutput.deleteTree(tmp);
            Files.createDirectories(tmp);
            try (Writer w = Files.newBufferedWriter(tmp.resolve(MANIFEST), StandardCharsets.UTF_8)) {
                want.store(w, "fer4j resumable analysis of " + name);
            }
            move(tmp, work);
        } catch (IOException e) {
            throw new FerException(work + ": cannot prepare the resume folder: " + e.getMessage(), e);
        }
    }

    /** Removes segments left half-done by a stopped run; refuses when the process that writes one is still running. */
    private void removePartials() throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(work, "*" + PARTIAL + "*")) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                long pid;
                try {
                    pid = Long.parseLong(n.substring(n.indexOf(PARTIAL) + PARTIAL.length()));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new FerException(work + ": process " + pid + " is analyzing this video now; wait for it or stop it");
                }
                LOG.info("removing {}, a segment left unfinished by a stopped run", p);
                AtomicOutput.deleteTree(p);
            }
        }
    }

    private Segment analyzeSegment(int k, double startMs, double endMs, int trackOffset, double fps) {
        Path tmp = work.resolve(segmentName(k) + PARTIAL + ProcessHandle.current().pid());
        Path dir = work.resolve(segmentName(k));
        List<FrameSink> sinks = new ArrayList<>();
        SegmentRecordSink record = new SegmentRecordSink(trackOffset);
        long t0 = System.nanoTime();
        try {
            AtomicOutput.deleteTree(tmp);
            Files.createDirectories(tmp);
            OutputContext context = new OutputContext(name, PART, true, fps, tmp);
            sinks.add(new JsonLinesSink());
            if (analyzer.annotates()) {
                sinks.add(new AnnotatedVideoSink(analyzer.videoCodec()));
            }
            sinks.add(record);
            for (FrameSink s : sinks) {
                s.open(context);
            }
            AnalysisSummary summary = new AnalysisSummary();
            try (FrameSource source = VideoSegments.openSegment(video, startMs, endMs)) {
                analyzer.loop(source, sinks, summary, trackOffset);
            }
            for (FrameSink s : sinks) {
                s.finish(summary);
            }
            Properties p = new Properties();
            p.setProperty("frames", Long.toString(record.frames));
            p.setProperty("first", Long.toString(record.first));
            p.setProperty("last", Long.toString(record.last));
            p.setProperty("next_track", Integer.toString(record.nextTrack));
            try (Writer w = Files.newBufferedWriter(tmp.resolve(SEGMENT_RECORD), StandardCharsets.UTF_8)) {
                p.store(w, null);
            }
            sinks.forEach(FrameSink::close);
            sinks.clear();
            move(tmp, dir);
        } catch (IOException e) {
            throw new VisionException(work.toString(), "writing segment " + k + " failed: " + e.getMessage(), e);
        } finally {
            sinks.forEach(FrameSink::close);
            AtomicOutput.deleteTree(tmp);
        }
        LOG.info("{}: segment {} ({} to {} s): {} frames in {} s", name, k, (long) (startMs / 1000),
                Double.isInfinite(endMs) ? "end" : (long) (endMs / 1000), record.frames, String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        return new Segment(k, record.frames, record.first, record.last, record.nextTrack, dir);
    }

    private Segment readSegment(int k, Path dir) {
        Path f = dir.resolve(SEGMENT_RECORD);
        try {
            Properties p = load(f);
            return new Segment(k, Long.parseLong(p.getProperty("frames")), Long.parseLong(p.getProperty("first")),
                    Long.parseLong(p.getProperty("last")), Integer.parseInt(p.getProperty("next_track")), dir);
        } catch (IOException | RuntimeException e) {
            throw new FerException(f + ": unreadable record of a completed segment (" + e.getMessage() + "); remove " + work + " to start afresh", e);
        }
    }

    /** Joins the segments into the run's outputs in a staging folder and moves them into place. */
    private Analyzer.Result join(List<Segment> segments, VideoSegments.VideoInfo info, long t0) {
        long frames = segments.stream().mapToLong(Segment::frames).sum();
        if (frames == 0) {
            throw new VisionException(video.toString(), "no frame could be decoded");
        }
        if (info.frames() > 0 && frames < analyzer.minFrameShare() * info.frames()) {
            throw new VisionException(video.toString(), "video ended after " + frames + " of " + info.frames()
                    + " frames announced by its container: the file is truncated or damaged");
        }
        List<FrameSink> sinks = new ArrayList<>();
        try (StagingFolder staging = StagingFolder.in(outDir)) {
            Map<String, String> kinds = new LinkedHashMap<>();
            kinds.put("jsonl", stem + ".jsonl");
            try (OutputStream out = Files.newOutputStream(staging.dir().resolve(stem + ".jsonl"))) {
                for (Segment s : segments) {
                    Files.copy(s.dir().resolve(PART + ".jsonl"), out);
                }
            }
            if (analyzer.annotates()) {
                kinds.put("annotated", stem + ".annotated.mp4");
                List<Path> parts = new ArrayList<>();
                for (Segment s : segments) {
                    if (s.frames() > 0) {
                        parts.add(s.dir().resolve(PART + ".annotated.mp4"));
                    }
                }
                joinVideos(parts, staging.dir().resolve(stem + ".annotated.mp4"), work.resolve("parts.txt"));
            }
            kinds.putAll(analyzer.resultSinks(sinks, stem, true));
            OutputContext context = new OutputContext(name, stem, true, info.fps(), staging.dir());
            for (FrameSink s : sinks) {
                s.open(context);
            }
            AnalysisSummary summary = replay(staging.dir().resolve(stem + ".jsonl"), sinks);
            for (FrameSink s : sinks) {
                s.finish(summary);
            }
            Map<String, Path> written = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : kinds.entrySet()) {
                written.put(e.getKey(), staging.commit(e.getValue()));
            }
            try (var rest = Files.list(staging.dir())) {
                for (Path p : rest.toList()) {
                    String n = p.getFileName().toString();
                    written.put(n, staging.commit(n));
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            LOG.info("{}: {} frames, {} faces, {} tracks in {} segments; this run {} s", name, summary.frames(), summary.faces(), summary.tracks(),
                    segments.size(), String.format(Locale.ROOT, "%.1f", seconds));
            return new Analyzer.Result(written, summary, seconds, false);
        } catch (IOException e) {
            throw new VisionException(outDir.toString(), "joining the segments failed: " + e.getMessage(), e);
        } finally {
            sinks.forEach(FrameSink::close);
        }
    }

    /** Feeds every line of the joined JSON lines to the summary and the sinks, as results without pixels. */
    private AnalysisSummary replay(Path jsonl, List<FrameSink> sinks) throws IOException {
        AnalysisSummary summary = new AnalysisSummary();
        try (BufferedReader in = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            long n = 0;
            for (String line; (line = in.readLine()) != null;) {
                n++;
                FrameResult r;
                try {
                    r = toResult(FrameRecord.parse(line));
                } catch (RuntimeException e) {
                    throw new VisionException(jsonl + ":" + n, "unreadable line of a segment: " + e.getMessage(), e);
                }
                summary.add(r);
                FrameSource.Frame f = new FrameSource.Frame(null, r.frame(), r.timeMs(), name);
                for (FrameSink s : sinks) {
                    s.accept(f, r);
                }
            }
        }
        return summary;
    }

    /** The pipeline's result as a line records it (the line's probabilities and labels, its time rounded to 1 us). */
    static FrameResult toResult(FrameRecord rec) {
        List<FaceResult> faces = new ArrayList<>(rec.faces().size());
        for (FrameRecord.Face f : rec.faces()) {
            float[] p = probabilities(rec, f.probabilities());
            int[] b = f.box();
            faces.add(new FaceResult(f.track(), new BoundingBox(b[0], b[1], b[2], b[3]), new ExpressionPrediction(p),
                    new Smoothed(new ExpressionPrediction(probabilities(rec, f.smoothedProbabilities())), Emotion.fromName(f.smoothedLabel()))));
        }
        return new FrameResult(rec.frame(), rec.timeMs(), faces, rec.shotCut());
    }

    private static float[] probabilities(FrameRecord rec, Map<String, Float> byLabel) {
        if (byLabel == null) {
            throw new IllegalArgumentException("frame " + rec.frame() + ": a face without probabilities");
        }
        float[] p = new float[Emotion.COUNT];
        for (Emotion e : Emotion.values()) {
            Float v = byLabel.get(e.label());
            if (v == null) {
                throw new IllegalArgumentException("frame " + rec.frame() + ": no probability of " + e.label());
            }
            p[e.index()] = v;
        }
        return p;
    }

    /**
     * Copies the parts' packets one after another into one mp4 through FFmpeg's concat demuxer, which shifts each
     * part's timestamps to follow the one before; nothing is decoded or re-encoded, so the parts' frames are kept as
     * they are and the join takes seconds for hours of video.
     */
    private static void joinVideos(List<Path> parts, Path out, Path list) throws IOException {
        StringBuilder sb = new StringBuilder("ffconcat version 1.0\n");
        for (Path p : parts) {
            // the concat list quotes names in single quotes; a quote inside is closed, escaped and reopened
            sb.append("file '").append(p.toAbsolutePath().toString().replace("'", "'\\''")).append("'\n");
        }
        Files.writeString(list, sb.toString(), StandardCharsets.UTF_8);
        FFmpegFrameGrabber in = new FFmpegFrameGrabber(list.toFile());
        in.setFormat("concat");
        in.setOption("safe", "0");
        FFmpegFrameRecorder rec = null;
        try {
            in.start();
            rec = new FFmpegFrameRecorder(out.toFile(), in.getImageWidth(), in.getImageHeight(), 0);
            rec.setFormat("mp4");
            rec.start(in.getFormatContext());
            for (AVPacket pkt; (pkt = in.grabPacket()) != null;) {
                rec.recordPacket(pkt);
            }
            FFmpegFrameRecorder r = rec;
            rec = null;
            r.close();
        } catch (FrameGrabber.Exception | FrameRecorder.Exception e) {
            throw new VisionException(out.toString(), "joining the annotated parts failed: " + FfmpegVideo.explain(e.getMessage()), e);
        } finally {
            if (rec != null) {
                try {
                    rec.release();
                } catch (FrameRecorder.Exception | RuntimeException ignored) {
                    // the join already failed; the staging folder is removed
                }
            }
            try {
                in.close();
            } catch (FrameGrabber.Exception | RuntimeException ignored) {
                // reading is done; nothing was written through the grabber
            }
            Files.deleteIfExists(list);
        }
    }

    private static Properties load(Path f) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Counts a segment's frames and remembers its first and last frame and highest track id. */
    private static final class SegmentRecordSink implements FrameSink {
        long frames;
        long first = -1;
        long last = -1;
        int nextTrack;

        SegmentRecordSink(int trackOffset) {
            this.nextTrack = trackOffset;
        }

        @Override
        public void open(OutputContext context) {
        }

        @Override
        public boolean accept(FrameSource.Frame frame, FrameResult result) {
            if (frames++ == 0) {
                first = frame.index();
            }
            last = frame.index();
            for (FaceResult f : result.faces()) {
                nextTrack = Math.max(nextTrack, f.track() + 1);
            }
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** @return the names of the completed segments in a work folder, for tests and logs */
    static TreeSet<String> completedSegments(Path work) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(work, "seg-?????")) {
            for (Path p : s) {
                out.add(p.getFileName().toString());
            }
        }
        return out;
    }
}
