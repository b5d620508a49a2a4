package org.fer4j.vision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.FaceDetector;
import org.fer4j.core.FerException;
import org.fer4j.core.io.StagingFolder;
import org.fer4j.core.pipeline.FaceResult;
import org.fer4j.core.pipeline.FramePipeline;
import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.core.pipeline.Smoother;
import org.fer4j.core.pipeline.SmoothingSpec;
import org.fer4j.core.pipeline.TrackingSpec;
import org.fer4j.vision.output.AnnotatedFrames;
import org.fer4j.vision.output.AnnotatedImagesSink;
import org.fer4j.vision.output.AnnotatedVideoSink;
import org.fer4j.vision.output.FrameSink;
import org.fer4j.vision.output.JsonLinesSink;
import org.fer4j.vision.output.OutputContext;
import org.fer4j.vision.output.PreviewSink;
import org.fer4j.vision.output.ReportSink;
import org.fer4j.vision.output.SummarySink;
import org.fer4j.vision.output.TimelineSink;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs detection, crop, classification and per-track smoothing over a {@link FrameSource} and hands every frame's
 * result to the run's {@link FrameSink}s: by default {@code <name>.jsonl} (one JSON object per frame or image),
 * annotated output ({@code <name>.annotated.mp4} for a video, {@code <name>.annotated/} images for stills) and
 * {@code <name>.summary.json}, plus {@code <name>.timeline.png} for a video and the report page {@code <name>.report.html}.
 * Outputs are staged in a hidden folder and moved into place only when the whole input was
 * processed.
 *
 * <p>By default the loop is pipelined: decoding, analysis and writing run on three threads joined by small bounded
 * queues, so a video's cost per frame is that of its slowest stage rather than the sum; frames and results are exactly
 * those of the sequential loop ({@link Builder#optPipelined}), and memory stays bounded whatever the video's length.
 *
 * <p>A long video can be analyzed resumably ({@link Builder#optResume}, {@link #run(Path, Path)}): in segments kept on
 * disk as each completes, so that a killed run continues at the first unfinished segment.
 */
public final class Analyzer {
    private static final Logger LOG = LoggerFactory.getLogger(Analyzer.class);

    private final FaceDetector<Mat> detector;
    private final ExpressionClassifier classifier;
    private final Supplier<Smoother> smoothers;
    private final boolean annotate;
    private final VideoCodec codec;
    private final boolean show;
    private final boolean pipelined;
    private final boolean report;
    private final Map<String, String> settings;
    private final List<Supplier<FrameSink>> extraSinks;
    private final double minFrameShare;
    private final boolean resume;
    private final int segmentSeconds;
    private final String resumeSettings;

    private Analyzer(Builder b) {
        this.detector = b.detector;
        this.classifier = b.classifier;
        this.smoothers = b.smoothers;
        this.annotate = b.annotate;
        this.codec = b.codec;
        this.show = b.show;
        this.pipelined = b.pipelined;
        this.report = b.report;
        this.settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.settings));
        this.extraSinks = List.copyOf(b.extraSinks);
        this.minFrameShare = b.minFrameShare;
        this.resume = b.resume;
        this.segmentSeconds = b.segmentSeconds;
        this.resumeSettings = b.resumeSettings;
    }

    /**
     * @param detector face detector (not closed by the analyzer; used by one thread at a time)
     * @param classifier expression classifier (not closed by the analyzer)
     * @return a builder
     */
    public static Builder builder(FaceDetector<Mat> detector, ExpressionClassifier classifier) {
        return new Builder(detector, classifier);
    }

    /**
     * What a run produced.
     *
     * @param files every file or folder written, by kind ({@code jsonl}, {@code annotated}, {@code summary}, and those
     *     of extra sinks by their file names)
     * @param summary the run's totals
     * @param seconds wall time of the frame loop
     * @param stoppedByUser whether a sink (the preview window) stopped the run early
     */
    public record Result(Map<String, Path> files, AnalysisSummary summary, double seconds, boolean stoppedByUser) {
        /** @return the JSON-lines file */
        public Path jsonl() {
            return files.get("jsonl");
        }

        /** @return the annotated video or image folder, or {@code null} when none was written */
        public Path annotated() {
            return files.get("annotated");
        }

        /** @return the summary file */
        public Path summaryFile() {
            return files.get("summary");
        }

        /** @return frames analyzed per second of wall time */
        public double framesPerSecond() {
            return seconds > 0 ? summary.frames() / seconds : 0;
        }
    }

    /**
     * Analyzes a video file. With {@link Builder#optResume} the video is analyzed in segments that are kept in
     * {@code <outDir>/.fer-resume-<stem>/} as each completes, so that a run stopped in any way (even {@code kill -9})
     * continues where it stopped when started again; otherwise this is {@link #run(FrameSource, Path)} on the file.
     *
     * @param video the video file
     * @param outDir output folder (created if needed)
     * @return paths of what was written and the summary
     * @throws FerException on bad input or a failed write; no output file is written then (a resumable run keeps its
     *     completed segments)
     */
    public Result run(Path video, Path outDir) {
        if (resume) {
            return new SegmentedRun(this, video, outDir, segmentSeconds, resumeSettings).run();
        }
        try (FrameSource source = FrameSources.open(video.toString())) {
            return run(source, outDir);
        }
    }

    /**
     * @param source frames to analyze (closed by the caller)
     * @param outDir output folder (created if needed)
     * @return paths of what was written and the summary
     * @throws FerException on bad input or a failed write; nothing is written then
     * @throws IllegalStateException when the analyzer was built with {@link Builder#optResume}: a resumable run needs
     *     the file, {@link #run(Path, Path)}
     */
    public Result run(FrameSource source, Path outDir) {
        if (resume) {
            throw new IllegalStateException("a resumable run reopens the video by segments: call run(Path, Path) with the video file");
        }
        String stem = stem(source.name());
        List<FrameSink> sinks = new ArrayList<>();
        try (StagingFolder staging = StagingFolder.in(outDir)) {
            OutputContext context = new OutputContext(source.name(), stem, source.isStream(), source.fps(), staging.dir());
            Map<String, String> kinds = openSinks(sinks, context);
            AnalysisSummary summary = new AnalysisSummary();
            long t0 = System.nanoTime();
            boolean stopped = loop(source, sinks, summary, 0);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long expected = source.expectedFrames();
            if (!stopped && source.isStream() && expected > 0 && summary.frames() < minFrameShare * expected) {
                throw new VisionException(source.name(), "video ended after " + summary.frames() + " of " + expected
                        + " frames announced by its container: the file is truncated or damaged");
            }
            for (FrameSink s : sinks) {
                s.finish(summary);
            }
            LOG.info("{}: {} frames, {} faces, {} tracks in {} s ({} frames/s)", source.name(), summary.frames(), summary.faces(),
                    summary.tracks(), String.format("%.1f", seconds), String.format("%.1f", summary.frames() / Math.max(seconds, 1e-9)));
            Map<String, Path> written = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : kinds.entrySet()) {
                if (Files.exists(staging.dir().resolve(e.getValue()))) {
                    written.put(e.getKey(), staging.commit(e.getValue()));
                }
            }
            try (var rest = Files.list(staging.dir())) {
                for (Path p : rest.toList()) {
                    String name = p.getFileName().toString();
                    written.put(name, staging.commit(name));
                }
            }
            return new Result(written, summary, seconds, stopped);
        } catch (IOException e) {
            throw new VisionException(outDir.toString(), "writing results failed: " + e.getMessage(), e);
        } finally {
            sinks.forEach(FrameSink::close);
        }
    }

    /** Opens the default sinks and the extra ones; @return the default outputs' kinds and file names */
    private Map<String, String> openSinks(List<FrameSink> sinks, OutputContext context) throws IOException {
        Map<String, String> kinds = new LinkedHashMap<>();
        sinks.add(new JsonLinesSink());
        kinds.put("jsonl", context.stem() + ".jsonl");
        AnnotatedFrames drawn = null;
        if (annotate) {
            if (context.stream()) {
                AnnotatedVideoSink video = new AnnotatedVideoSink(codec);
                drawn = video.frames();
                sinks.add(video);
            } else {
                AnnotatedImagesSink images = new AnnotatedImagesSink();
                drawn = images.frames();
                sinks.add(images);
            }
            kinds.put("annotated", context.stem() + (context.stream() ? ".annotated.mp4" : ".annotated"));
        }
        kinds.putAll(resultSinks(sinks, context.stem(), context.stream()));
        if (show) {
            sinks.add(new PreviewSink(drawn));
        }
        for (FrameSink s : sinks) {
            s.open(context);
        }
        return kinds;
    }

    /**
     * @param trackOffset added to every track id (a segment's tracks continue the numbering of those before it)
     * @return whether a sink stopped the run
     */
    boolean loop(FrameSource source, List<FrameSink> sinks, AnalysisSummary summary, int trackOffset) throws IOException {
        Stages stages = new Stages(source, sinks, summary, trackOffset);
        try {
            if (pipelined) {
                boolean pixels = sinks.stream().anyMatch(FrameSink::needsPixels);
                return new PipelinedLoop(stages, pixels).run();
            }
            for (FrameSource.Frame f; (f = source.next()) != null;) {
                if (!stages.emit(f, stages.analyze(f))) {
                    return true;
                }
            }
            return false;
        } finally {
            stages.release();
        }
    }

    /** The work of one frame, split where the pipelined loop hands it between threads; used by both loops. */
    final class Stages {
        private final FrameSource source;
        private final List<FrameSink> sinks;
        private final AnalysisSummary summary;
        private final FaceCrops crops = new FaceCrops();
        private final ProgressLog progress;
        private final int trackOffset;
        private FramePipeline<Mat> pipeline;

        Stages(FrameSource source, List<FrameSink> sinks, AnalysisSummary summary, int trackOffset) {
            this.source = source;
            this.sinks = sinks;
            this.summary = summary;
            this.trackOffset = trackOffset;
            this.progress = new ProgressLog(source.name(), source.expectedFrames());
        }

        FrameSource source() {
            return source;
        }

        /** Detection, crop, classification, tracking and smoothing: the analysis thread's work. */
        FrameResult analyze(FrameSource.Frame f) {
            if (pipeline == null || !source.isStream()) {
                // a video keeps one pipeline; still images are unrelated: fresh tracks and smoothing for each
                pipeline = newPipeline(crops, source.isStream());
            }
            FrameResult r = pipeline.process(f.image(), f.index(), f.timeMs());
            if (trackOffset == 0 || r.faces().isEmpty()) {
                return r;
            }
            List<FaceResult> shifted = new ArrayList<>(r.faces().size());
            for (FaceResult face : r.faces()) {
                shifted.add(new FaceResult(face.track() + trackOffset, face.box(), face.prediction(), face.smoothed()));
            }
            return new FrameResult(r.frame(), r.timeMs(), shifted, r.shotCut());
        }

        /** @return false when a sink asks to stop after this frame */
        boolean emit(FrameSource.Frame f, FrameResult r) throws IOException {
            summary.add(r);
            boolean go = true;
            for (FrameSink s : sinks) {
                go &= s.accept(f, r);
            }
            progress.frameDone();
            return go;
        }

        void release() {
            crops.release();
        }
    }

    /** @return whether annotated output is written */
    boolean annotates() {
        return annotate;
    }

    /** @return the annotated video's codec */
    VideoCodec videoCodec() {
        return codec;
    }

    /** @return the caller's extra sinks, one fresh instance each */
    List<FrameSink> newExtraSinks() {
        List<FrameSink> out = new ArrayList<>();
        for (Supplier<FrameSink> s : extraSinks) {
            out.add(s.get());
        }
        return out;
    }

    /** @return what identifies this analyzer's settings in a resumable run's manifest */
    String settingsKey() {
        return "detector=" + detector.getClass().getName() + ";classifier=" + classifier.getClass().getName() + ";annotate=" + annotate
                + ";report=" + report + ";" + settings + (resumeSettings.isEmpty() ? "" : ";" + resumeSettings);
    }

    /**
     * Adds the outputs computed from results alone (summary, timeline and report, the caller's sinks): those a
     * resumable run feeds from the joined lines, after the JSON lines and annotated output of a run that has pixels.
     *
     * @param stream whether the source is a video or camera (only those get a timeline)
     * @return their kinds and file names
     */
    Map<String, String> resultSinks(List<FrameSink> sinks, String stem, boolean stream) {
        Map<String, String> kinds = new LinkedHashMap<>();
        sinks.add(new SummarySink());
        kinds.put("summary", stem + ".summary.json");
        if (report) {
            if (stream) {
                sinks.add(new TimelineSink());
                kinds.put("timeline", TimelineSink.fileName(stem));
            }
            sinks.add(new ReportSink(settings, annotate, codec.browserPlayable()));
            kinds.put("report", ReportSink.fileName(stem));
        }
        sinks.addAll(newExtraSinks());
        return kinds;
    }

    /** @return the least share of the container's announced frames a video must yield */
    double minFrameShare() {
        return minFrameShare;
    }

    /** Tracks follow faces by position and size within a shot ({@link TrackingSpec#DEFAULT}) and end at shot cuts. */
    private FramePipeline<Mat> newPipeline(FaceCrops crops, boolean stream) {
        return new FramePipeline<>(detector, crops, classifier, smoothers, TrackingSpec.DEFAULT,
                stream ? new HistogramShotDetector() : null);
    }

    /** @param name a file name @return it without its extension */
    public static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Builder with {@code opt*} settings. */
    public static final class Builder {
        private final FaceDetector<Mat> detector;
        private final ExpressionClassifier classifier;
        private Supplier<Smoother> smoothers = SmoothingSpec.DEFAULT;
        private boolean annotate = true;
        private VideoCodec codec = VideoCodec.H264;
        private boolean show;
        private boolean pipelined = true;
        private boolean report = true;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<Supplier<FrameSink>> extraSinks = new ArrayList<>();
        private double minFrameShare = 0.9;
        private boolean resume;
        private int segmentSeconds = 60;
        private String resumeSettings = "";

        private Builder(FaceDetector<Mat> detector, ExpressionClassifier classifier) {
            this.detector = detector;
            this.classifier = classifier;
        }

        /** @param s makes a smoother per track (default: {@link SmoothingSpec#DEFAULT}) @return this */
        public Builder optSmoothing(Supplier<Smoother> s) {
            smoothers = s;
            return this;
        }

        /** @param a write annotated images / video (default true) @return this */
        public Builder optAnnotate(boolean a) {
            annotate = a;
            return this;
        }

        /**
         * @param c the annotated video's codec (default {@link VideoCodec#H264}, which browsers and the report page play;
         *     {@link VideoCodec#MPEG4} costs a third as much to write)
         * @return this
         */
        public Builder optVideoCodec(VideoCodec c) {
            codec = java.util.Objects.requireNonNull(c, "codec");
            return this;
        }

        /** @param s show frames in a window (needs a display); q stops, and the outputs cover the frames shown until then @return this */
        public Builder optShow(boolean s) {
            show = s;
            return this;
        }

        /**
         * @param p decode, analyze and write on three threads (default true); false runs all three in turn on the
         *     caller's thread, with the same results
         * @return this
         */
        public Builder optPipelined(boolean p) {
            pipelined = p;
            return this;
        }

        /**
         * @param r write {@code <name>.timeline.png} (videos: each track's smoothed probabilities over time) and the
         *     self-contained report page {@code <name>.report.html} (default true)
         * @return this
         */
        public Builder optReport(boolean r) {
            report = r;
            return this;
        }

        /**
         * @param name a setting the report page lists (detector, model, smoothing, ...)
         * @param value its value as the user gave it
         * @return this
         */
        public Builder optSetting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        /**
         * Adds an output of the caller's own (a timeline, a report, a database writer) to every run.
         *
         * @param sink makes a fresh sink for each run
         * @return this
         */
        public Builder optSink(Supplier<FrameSink> sink) {
            extraSinks.add(sink);
            return this;
        }

        /**
         * Makes {@link #run(Path, Path)} resumable: the video is analyzed in segments of {@link #optSegmentSeconds}
         * seconds, each kept in {@code <outDir>/.fer-resume-<stem>/} as soon as it completes; a later run with the same
         * input and settings skips the completed segments, and the last one joins them into the usual outputs and
         * removes the folder. Tracks and smoothing start afresh at each segment boundary (track ids go on counting, so
         * they stay unique in the file); frame numbers and times are those of the whole file. Extra sinks get every
         * frame's result when the segments are joined, without pixels, so sinks that need pixels are refused.
         *
         * @param r resumable segmented run (default false)
         * @return this
         */
        public Builder optResume(boolean r) {
            resume = r;
            return this;
        }

        /** @param s length of a resumable run's segments in seconds of video (default 60) @return this */
        public Builder optSegmentSeconds(int s) {
            if (s < 1) {
                throw new IllegalArgumentException("segments must be at least 1 s long, got " + s);
            }
            segmentSeconds = s;
            return this;
        }

        /**
         * @param settings a description of the settings a resumable run must be resumed with (model, detector
         *     options, smoothing: whatever the caller configured); a work folder made with other settings is refused
         * @return this
         */
        public Builder optResumeSettings(String settings) {
            resumeSettings = settings == null ? "" : settings;
            return this;
        }

        /** @return the analyzer */
        public Analyzer build() {
            if (show) {
                Display.check();
            }
            if (resume && show) {
                throw new IllegalStateException("a resumable run cannot show a preview window");
            }
            return new Analyzer(this);
        }
    }
}
