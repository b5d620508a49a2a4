package org.fer4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import org.fer4j.core.FaceDetector;
import org.fer4j.core.pipeline.FramePipeline;
import org.fer4j.core.pipeline.TrackingSpec;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.inference.InferenceEngine;
import org.fer4j.vision.FaceCrops;
import org.fer4j.vision.FaceDetectors;
import org.fer4j.vision.HistogramShotDetector;
import org.fer4j.vision.OpenCvRuntime;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of one executor JVM: one classifier (thread-safe, a pool of predictors) shared by every task, and
 * detectors (not thread-safe) lent to one task at a time, so a JVM builds at most one detector per task slot. Built on
 * first use for each {@link AnalysisSettings} and closed when the JVM exits, never per task or partition.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Map<AnalysisSettings, Engine> ENGINES = new ConcurrentHashMap<>();
    private static final AtomicInteger CLASSIFIERS_BUILT = new AtomicInteger();
    private static final AtomicInteger DETECTORS_BUILT = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Engine::closeAll, "fer-spark-engine-close"));
    }

    private final AnalysisSettings settings;
    private final DjlExpressionClassifier classifier;
    private final ConcurrentLinkedDeque<FaceDetector<Mat>> idle = new ConcurrentLinkedDeque<>();
    private final List<FaceDetector<Mat>> all = new ArrayList<>();
    private boolean closed;

    private Engine(AnalysisSettings settings) {
        this.settings = settings;
        OpenCvRuntime.load(); // detectors and image decoding use OpenCV's natives; load them before any Mat exists
        ExpressionClassifiers.Builder b = ExpressionClassifiers.builder().optEngine(InferenceEngine.parse(settings.engine()));
        if (settings.int8()) {
            b.optInt8();
        }
        if (settings.modelDir() != null) {
            b.optModelDir(Path.of(settings.modelDir()));
        }
        if (settings.taskThreads() > 0) {
            // each task runs on one Spark core: the libraries' own thread pools would only fight over it
            b.optThreads(settings.taskThreads());
            Core.setNumThreads(settings.taskThreads());
        }
        this.classifier = b.build();
        CLASSIFIERS_BUILT.incrementAndGet();
        LOG.info("fer-spark engine ready in this JVM: {}", settings);
    }

    /**
     * @param settings what to build
     * @return this JVM's engine for these settings, built on the first call
     */
    public static Engine get(AnalysisSettings settings) {
        return ENGINES.computeIfAbsent(settings, Engine::new);
    }

    /** @return classifiers this JVM has built so far (one per distinct settings; tests check it is not one per task) */
    public static int classifiersBuilt() {
        return CLASSIFIERS_BUILT.get();
    }

    /** @return detectors this JVM has built so far (at most one per concurrent task and settings) */
    public static int detectorsBuilt() {
        return DETECTORS_BUILT.get();
    }

    /**
     * A pipeline for one stream of frames (a video segment or one image): fresh tracks and smoothers over this
     * engine's classifier and a detector lent to the caller until {@link Lease#close()}.
     *
     * @return the lease; close it to hand the detector back
     */
    public Lease lease() {
        FaceDetector<Mat> d = idle.pollFirst();
        if (d == null) {
            d = newDetector();
        }
        return new Lease(d);
    }

    /** One task's use of a detector, with a crop buffer of its own. */
    public final class Lease implements AutoCloseable {
        private final FaceDetector<Mat> detector;
        private final FaceCrops crops = new FaceCrops();

        private Lease(FaceDetector<Mat> detector) {
            this.detector = detector;
        }

        /**
         * @param stream true for a video segment (shot cuts end tracks), false for a still image
         * @return a pipeline with fresh tracks and smoothing, as the single-process analyzer builds per stream
         */
        public FramePipeline<Mat> newPipeline(boolean stream) {
            return new FramePipeline<>(detector, crops, classifier, AnalysisSettings.smoothers(settings.smoothing()), TrackingSpec.DEFAULT,
                    stream ? new HistogramShotDetector() : null);
        }

        @Override
        public void close() {
            crops.release();
            synchronized (Engine.this) {
                if (closed) {
                    detector.close();
                    return;
                }
            }
            idle.addFirst(detector);
        }
    }

    private synchronized FaceDetector<Mat> newDetector() {
        if (closed) {
            throw new IllegalStateException("the fer-spark engine is closed (the JVM is shutting down)");
        }
        FaceDetectors.Builder b = FaceDetectors.builder()
                .optName(settings.detector().equals("default") ? FaceDetectors.DEFAULT : settings.detector());
        if (settings.yunetModel() != null) {
            b.optYuNetModel(Path.of(settings.yunetModel()));
        }
        FaceDetector<Mat> d = b.build();
        all.add(d);
        DETECTORS_BUILT.incrementAndGet();
        return d;
    }

    private synchronized void close() {
        closed = true;
        for (FaceDetector<Mat> d : all) {
            if (idle.remove(d)) {
                d.close();
            }
        }
        classifier.close();
    }

    private static void closeAll() {
        for (Engine e : ENGINES.values()) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                LOG.warn("closing the fer-spark engine failed: {}", ex.toString());
            }
        }
    }
}
