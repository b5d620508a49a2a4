package org.fer4j.spark;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import org.fer4j.core.pipeline.EmaSmoother;
import org.fer4j.core.pipeline.LabelModeSmoother;
import org.fer4j.core.pipeline.Smoother;
import org.fer4j.models.inference.InferenceEngine;

/**
 * Everything an executor needs to build its detector and classifier and to cut the work, as a small serializable
 * value: it travels to the executors inside each task, and equal settings share one {@link Engine} per JVM.
 *
 * @param detector {@code default}, {@code fast}, {@code tutorial}, {@code lbp} or {@code yunet}
 * @param yunetModel YuNet ONNX file readable on every executor (a local path), for {@code yunet}; else null
 * @param engine classifier engine name ({@code onnxruntime} or {@code pytorch})
 * @param int8 use the model's int8 graph (ONNX Runtime)
 * @param modelDir model folder readable on every executor, or null for the bundled model
 * @param taskThreads threads each task gives OpenCV and ONNX Runtime (1: Spark's task slots are the parallelism); 0
 *     leaves both libraries at their defaults (all cores each)
 * @param smoothing per-track smoothing: {@code mode:N} or {@code ema:A}
 * @param segmentMs length of one video segment in milliseconds; 0 analyzes each video as one unit
 * @param imageBatch images per work unit
 * @param videoLimitMs analyze only each video's first milliseconds (a sample or a preview); 0 for whole videos
 */
public record AnalysisSettings(String detector, String yunetModel, String engine, boolean int8, String modelDir,
        int taskThreads, String smoothing, long segmentMs, int imageBatch, long videoLimitMs) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks the values, so that a bad setting fails on the driver before any task starts. */
    public AnalysisSettings {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(smoothing, "smoothing");
        detector = detector.toLowerCase(Locale.ROOT);
        if (!java.util.List.of("default", "haar", "fast", "tutorial", "lbp", "yunet").contains(detector)) {
            throw new IllegalArgumentException("detector must be default, fast, tutorial, lbp or yunet, got " + detector);
        }
        if (detector.equals("yunet") && yunetModel == null) {
            throw new IllegalArgumentException("the yunet detector needs its ONNX file (yunetModel)");
        }
        InferenceEngine.parse(engine);
        smoothers(smoothing);
        if (segmentMs < 0) {
            throw new IllegalArgumentException("segmentMs must be >= 0 (0: one unit per video), got " + segmentMs);
        }
        if (imageBatch < 1) {
            throw new IllegalArgumentException("imageBatch must be >= 1, got " + imageBatch);
        }
        if (videoLimitMs < 0) {
            throw new IllegalArgumentException("videoLimitMs must be >= 0 (0: whole videos), got " + videoLimitMs);
        }
        if (taskThreads < 0) {
            throw new IllegalArgumentException("taskThreads must be >= 0, got " + taskThreads);
        }
    }

    /**
     * The defaults: Haar detector as {@code Analyzer}'s callers use it, the bundled model's int8 graph on ONNX Runtime,
     * 10-frame label-mode smoothing, 60-second video segments, 32 images per unit, one thread per task.
     *
     * @return the default settings
     */
    public static AnalysisSettings defaults() {
        return new AnalysisSettings("default", null, "onnxruntime", true, null, 1, "mode:10", 60_000, 32, 0);
    }

    /** @param d detector name @param yunet YuNet file for {@code yunet}, else null @return a copy with that detector */
    public AnalysisSettings withDetector(String d, String yunet) {
        return new AnalysisSettings(d, yunet, engine, int8, modelDir, taskThreads, smoothing, segmentMs, imageBatch, videoLimitMs);
    }

    /** @param e engine name @param q int8 graph @param dir model folder or null @return a copy with that classifier */
    public AnalysisSettings withClassifier(String e, boolean q, String dir) {
        return new AnalysisSettings(detector, yunetModel, e, q, dir, taskThreads, smoothing, segmentMs, imageBatch, videoLimitMs);
    }

    /** @param n threads per task for OpenCV and ONNX Runtime, 0 for their defaults @return a copy */
    public AnalysisSettings withTaskThreads(int n) {
        return new AnalysisSettings(detector, yunetModel, engine, int8, modelDir, n, smoothing, segmentMs, imageBatch, videoLimitMs);
    }

    /** @param s {@code mode:N} or {@code ema:A} @return a copy with that smoothing */
    public AnalysisSettings withSmoothing(String s) {
        return new AnalysisSettings(detector, yunetModel, engine, int8, modelDir, taskThreads, s, segmentMs, imageBatch, videoLimitMs);
    }

    /** @param ms video segment length, 0 for whole videos @return a copy */
    public AnalysisSettings withSegmentMs(long ms) {
        return new AnalysisSettings(detector, yunetModel, engine, int8, modelDir, taskThreads, smoothing, ms, imageBatch, videoLimitMs);
    }

    /** @param n images per work unit @return a copy */
    public AnalysisSettings withImageBatch(int n) {
        return new AnalysisSettings(detector, yunetModel, engine, int8, modelDir, taskThreads, smoothing, segmentMs, n, videoLimitMs);
    }

    /** @param ms analyze only the first {@code ms} of each video, 0 for all of it @return a copy */
    public AnalysisSettings withVideoLimitMs(long ms) {
        return new AnalysisSettings(detector, yunetModel, engine, int8, modelDir, taskThreads, smoothing, segmentMs, imageBatch, ms);
    }

    /**
     * @param spec {@code mode:N} or {@code ema:A}
     * @return a maker of one smoother per track
     * @throws IllegalArgumentException for any other spec
     */
    public static Supplier<Smoother> smoothers(String spec) {
        String[] p = spec.split(":", 2);
        try {
            if (p.length == 2 && p[0].equals("mode")) {
                int n = Integer.parseInt(p[1]);
                new LabelModeSmoother(n);
                return () -> new LabelModeSmoother(n);
            }
            if (p.length == 2 && p[0].equals("ema")) {
                double a = Double.parseDouble(p[1]);
                new EmaSmoother(a);
                return () -> new EmaSmoother(a);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("smoothing must be mode:N or ema:A, got " + spec, e);
        }
        throw new IllegalArgumentException("smoothing must be mode:N or ema:A, got " + spec);
    }
}
