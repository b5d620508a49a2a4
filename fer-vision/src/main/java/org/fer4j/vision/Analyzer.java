package org.fer4j.vision;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.FaceDetector;
import org.fer4j.core.io.AtomicOutput;
import org.fer4j.core.pipeline.FaceResult;
import org.fer4j.core.pipeline.FramePipeline;
import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.core.pipeline.SmoothingSpec;
import org.fer4j.core.pipeline.Smoother;
import org.fer4j.core.pipeline.TrackingSpec;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * Runs detection, crop, classification and per-track smoothing over a {@link FrameSource} and writes, into an output
 * folder: {@code <name>.jsonl} (one JSON object per frame or image), annotated output ({@code <name>.annotated.mp4} for a
 * video, {@code <name>.annotated/} images for stills) and {@code <name>.summary.json} (per-track emotion shares).
 * Outputs are written to a temporary folder and moved into place only when the whole input was processed.
 */
public final class Analyzer {
    private static final Logger LOG = LoggerFactory.getLogger(Analyzer.class);
    private static final Gson GSON = new Gson();
    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().create();

    private final FaceDetector<Mat> detector;
    private final ExpressionClassifier classifier;
    private final Supplier<Smoother> smoothers;
    private final boolean annotate;
    private final boolean show;
    private final double minFrameShare;

    private Analyzer(Builder b) {
        this.detector = b.detector;
        this.classifier = b.classifier;
        this.smoothers = b.smoothers;
        this.annotate = b.annotate;
        this.show = b.show;
        this.minFrameShare = b.minFrameShare;
    }

    /**
     * @param detector face detector (not closed by the analyzer)
     * @param classifier expression classifier (not closed by the analyzer)
     * @return a builder
     */
    public static Builder builder(FaceDetector<Mat> detector, ExpressionClassifier classifier) {
        return new Builder(detector, classifier);
    }

    /** What a run produced. @param jsonl the JSON-lines file @param annotated annotated output, or null @param summary summary */
    public record Result(Path jsonl, Path annotated, Path summaryFile, AnalysisSummary summary) {
    }

    /**
     * @param source frames to analyze (closed by the caller)
     * @param outDir output folder (created if needed)
     * @return paths of what was written and the summary
     * @throws VisionException on bad input; nothing is written then
     */
    public Result run(FrameSource source, Path outDir) {
        String stem = stem(source.name());
        Path tmp;
        try {
            Files.createDirectories(outDir);
            tmp = Files.createTempDirectory(outDir, ".fer-" + stem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create output folder " + outDir, e);
        }
        try {
            AnalysisSummary summary = process(source, tmp, stem);
            Path jsonl = moveInto(tmp.resolve(stem + ".jsonl"), outDir);
            Path summaryFile = moveInto(tmp.resolve(stem + ".summary.json"), outDir);
            Path annotated = null;
            if (annotate) {
                Path a = tmp.resolve(source.isStream() ? stem + ".annotated.mp4" : stem + ".annotated");
                if (Files.exists(a)) {
                    annotated = moveInto(a, outDir);
                }
            }
            return new Result(jsonl, annotated, summaryFile, summary);
        } catch (IOException e) {
            throw new UncheckedIOException("writing results to " + outDir + " failed: " + e.getMessage(), e);
        } finally {
            AtomicOutput.deleteTree(tmp);
        }
    }

    private AnalysisSummary process(FrameSource source, Path tmp, String stem) throws IOException {
        FaceCrops crops = new FaceCrops();
        AnalysisSummary summary = new AnalysisSummary();
        long expected = source.expectedFrames();
        long t0 = System.nanoTime();
        long lastLog = t0;
        Path annotatedDir = null;
        FfmpegVideo.Writer video = null;
        Mat bgr = new Mat();
        boolean stoppedByUser = false;
        Throwable failure = null;
        try (BufferedWriter out = Files.newBufferedWriter(tmp.resolve(stem + ".jsonl"), StandardCharsets.UTF_8)) {
            FramePipeline<Mat> current = null;
            for (FrameSource.Frame f; (f = source.next()) != null;) {
                if (current == null || !source.isStream()) {
                    // a video keeps one pipeline; still images are unrelated: fresh tracks and smoothing for each
                    current = newPipeline(crops, source.isStream());
                }
                FrameResult r = current.process(f.image(), f.index(), f.timeMs());
                summary.add(r);
                out.write(GSON.toJson(jsonLine(source.isStream() ? source.name() : f.name(), r)));
                out.write('\n');
                if (annotate || show) {
                    toBgr(f.image(), bgr);
                    Annotator.draw(bgr, r);
                    if (annotate && source.isStream()) {
                        if (video == null) {
                            video = new FfmpegVideo.Writer(tmp.resolve(stem + ".annotated.mp4"), bgr.cols(), bgr.rows(), source.fps());
                        }
                        video.write(bgr);
                    } else if (annotate) {
                        if (annotatedDir == null) {
                            annotatedDir = Files.createDirectories(tmp.resolve(stem + ".annotated"));
                        }
                        Imgcodecs.imwrite(annotatedDir.resolve(stem(f.name()) + ".png").toString(), bgr);
                    }
                    if (show && !Display.show(source.name(), bgr)) {
                        LOG.info("stopped by the user (q)");
                        stoppedByUser = true;
                        break;
                    }
                }
                long now = System.nanoTime();
                if (now - lastLog > 2_000_000_000L) {
                    lastLog = now;
                    double fps = (f.index() + 1) / ((now - t0) / 1e9);
                    LOG.info(expected > 0 ? String.format("%s: frame %d/%d (%.0f%%), %.1f fps, ETA %.0f s", source.name(), f.index() + 1,
                            expected, 100.0 * (f.index() + 1) / expected, fps, (expected - f.index() - 1) / fps)
                            : String.format("%s: frame %d, %.1f fps", source.name(), f.index() + 1, fps));
                }
            }
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            bgr.release();
            crops.release();
            if (video != null) {
                closeAfter(video, failure);
            }
        }
        if (!stoppedByUser && source.isStream() && expected > 0 && summary.frames() < minFrameShare * expected) {
            throw new VisionException(source.name(), "video ended after " + summary.frames() + " of " + expected
                    + " frames announced by its container: the file is truncated or damaged");
        }
        Files.writeString(tmp.resolve(stem + ".summary.json"), PRETTY.toJson(summary.asMap()), StandardCharsets.UTF_8);
        LOG.info("{}: {} frames, {} faces, {} tracks in {} s", source.name(), summary.frames(), summary.faces(), summary.tracks(),
                String.format("%.1f", (System.nanoTime() - t0) / 1e9));
        return summary;
    }

    /** Tracks follow faces by position and size within a shot ({@link TrackingSpec#DEFAULT}) and end at shot cuts. */
    private FramePipeline<Mat> newPipeline(FaceCrops crops, boolean stream) {
        return new FramePipeline<>(detector, crops, classifier, smoothers, TrackingSpec.DEFAULT,
                stream ? new HistogramShotDetector() : null);
    }

    /** @return one frame as the documented JSON object */
    static Map<String, Object> jsonLine(String source, FrameResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("frame", r.frame());
        m.put("time_ms", Math.round(r.timeMs() * 1000) / 1000.0);
        m.put("shot_cut", r.shotCut());
        List<Map<String, Object>> faces = new ArrayList<>();
        for (FaceResult f : r.faces()) {
            Map<String, Object> face = new LinkedHashMap<>();
            face.put("track", f.track());
            face.put("box", new int[] {f.box().x(), f.box().y(), f.box().width(), f.box().height()});
            Map<String, Float> p = new LinkedHashMap<>();
            for (Emotion e : Emotion.values()) {
                p.put(e.label(), f.prediction().probability(e));
            }
            face.put("probabilities", p);
            face.put("label", f.prediction().top().label());
            Map<String, Float> sp = new LinkedHashMap<>();
            for (Emotion e : Emotion.values()) {
                sp.put(e.label(), f.smoothedProbabilities().probability(e));
            }
            face.put("smoothed_probabilities", sp);
            face.put("smoothed_label", f.smoothedLabel().label());
            faces.add(face);
        }
        m.put("faces", faces);
        return m;
    }

    /** Closes the writer; if the frame loop already failed, a failing close must not hide that first error. */
    private static void closeAfter(FfmpegVideo.Writer video, Throwable failure) {
        try {
            video.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    private static void toBgr(Mat frame, Mat bgr) {
        switch (frame.channels()) {
            case 1 -> Imgproc.cvtColor(frame, bgr, Imgproc.COLOR_GRAY2BGR);
            case 4 -> Imgproc.cvtColor(frame, bgr, Imgproc.COLOR_BGRA2BGR);
            default -> frame.copyTo(bgr);
        }
    }

    /** @param name a file name @return it without its extension */
    public static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static Path moveInto(Path file, Path dir) throws IOException {
        Path target = dir.resolve(file.getFileName());
        if (Files.isDirectory(target)) {
            AtomicOutput.deleteTree(target);
        }
        return Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Builder with {@code opt*} settings. */
    public static final class Builder {
        private final FaceDetector<Mat> detector;
        private final ExpressionClassifier classifier;
        private Supplier<Smoother> smoothers = SmoothingSpec.DEFAULT;
        private boolean annotate = true;
        private boolean show;
        private double minFrameShare = 0.9;

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

        /** @param s show frames in a window (needs a display); q stops, and the outputs cover the frames shown until then @return this */
        public Builder optShow(boolean s) {
            show = s;
            return this;
        }

        /** @return the analyzer */
        public Analyzer build() {
            if (show) {
                Display.check();
            }
            return new Analyzer(this);
        }
    }
}
