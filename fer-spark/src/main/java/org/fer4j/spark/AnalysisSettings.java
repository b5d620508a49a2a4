package org.fer4j.spark;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

import org.fer4j.core.pipeline.SmoothingSpec;
import org.fer4j.vision.FaceDetectors;
import org.fer4j.models.inference.InferenceEngine;

/**
 * Everything an executor needs to build its detector and classifier and to cut the work, as a small serializable
 * value: it travels to the executors inside each task, and equal settings share one {@link Engine} per JVM.
 *
 * @param detector {@code default} or a name of {@link FaceDetectors#NAMES}
 * @param yunetModel a YuNet ONNX file readable on every executor instead of the bundled one; else null
 * @param engine classifier engine name ({@code onnxruntime} or {@code pytorch})
 * @param int8 use the model's int8 graph (ONNX Runtime)
 * @param modelDir model folder readable on every executor, or null for the bundled model
 * @param taskThreads threads each task gives OpenCV and ONNX Runtime (1: Spark's task slots are the parallelism); 0
 *     leaves both libraries at their defaults (all cores each)
 * @param smoothing per-track smoothing as {@link SmoothingSpec#parse} reads it
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
        if (!detector.equals("default") && !FaceDetectors.NAMES.contains(detector)) {
            throw new IllegalArgumentException("detector must be default or one of " + FaceDetectors.NAMES + ", got " + detector);
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
     * The defaults of {@code fer analyze}: the bundled YuNet detector, the bundled model's int8 graph on ONNX Runtime,
     * {@link SmoothingSpec#DEFAULT} smoothing; 60-second video segments, 32 images per unit, one thread per task.
     *
     * @return the default settings
     */
    public static AnalysisSettings defaults() {
        return new AnalysisSettings("default", null, "onnxruntime", true, null, 1, SmoothingSpec.DEFAULT.toString(), 60_000, 32, 0);
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
     * @param spec {@code ema:A}, {@code mean:N} or {@code mode:N}
     * @return a maker of one smoother per track
     * @throws org.fer4j.core.FerException for any other spec
     */
    public static SmoothingSpec smoothers(String spec) {
        return SmoothingSpec.parse(spec);
    }
}
