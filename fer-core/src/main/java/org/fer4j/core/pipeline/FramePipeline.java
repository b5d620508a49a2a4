package org.fer4j.core.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.fer4j.core.BoundingBox;
import org.fer4j.core.Detection;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceCropper;
import org.fer4j.core.FaceDetector;
import org.fer4j.core.FaceImage;

/**
 * Detector, crop, classifier and smoother wired together for a stream of frames:
 * all faces of a frame go to the classifier in one batch, and each face track has its own smoother.
 *
 * <p>Stateful (tracks and smoothers) and so not thread-safe: use one pipeline per stream. It does not
 * own the detector or classifier and does not close them.
 *
 * @param <F> the frame type of the detector and cropper
 */
public final class FramePipeline<F> {
    private final FaceDetector<F> detector;
    private final FaceCropper<F> cropper;
    private final ExpressionClassifier classifier;
    private final Supplier<Smoother> smoothers;
    private final IouTracker tracker;
    private final Map<Integer, Smoother> byTrack = new HashMap<>();

    /**
     * @param detector finds faces
     * @param cropper turns a box into a 48x48 face
     * @param classifier predicts expressions
     * @param smoothers makes a fresh smoother for each new track
     * @param tracker assigns track ids
     */
    public FramePipeline(FaceDetector<F> detector, FaceCropper<F> cropper, ExpressionClassifier classifier,
            Supplier<Smoother> smoothers, IouTracker tracker) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.cropper = Objects.requireNonNull(cropper, "cropper");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.smoothers = Objects.requireNonNull(smoothers, "smoothers");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
    }

    /**
     * A pipeline with the defaults: 10-frame label mode per track, IoU 0.3 matching, tracks kept 15 frames.
     *
     * @param detector finds faces
     * @param cropper turns a box into a 48x48 face
     * @param classifier predicts expressions
     * @param <F> frame type
     * @return the pipeline
     */
    public static <F> FramePipeline<F> withDefaults(FaceDetector<F> detector, FaceCropper<F> cropper,
            ExpressionClassifier classifier) {
        return new FramePipeline<>(detector, cropper, classifier, () -> new LabelModeSmoother(10), new IouTracker(0.3, 15));
    }

    /**
     * Runs one frame through the pipeline.
     *
     * @param frame the frame
     * @param index frame number
     * @param timeMs presentation time
     * @return what was found
     */
    public FrameResult process(F frame, long index, double timeMs) {
        List<Detection> detections = detector.detect(frame);
        List<BoundingBox> boxes = new ArrayList<>(detections.size());
        List<FaceImage> faces = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            boxes.add(d.box());
            faces.add(cropper.crop(frame, d.box()));
        }
        List<ExpressionPrediction> predictions = faces.isEmpty() ? List.of() : classifier.classifyAll(faces);
        int[] ids = tracker.update(boxes);
        byTrack.keySet().retainAll(tracker.liveTracks());
        List<FaceResult> results = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            Smoother s = byTrack.computeIfAbsent(ids[i], k -> smoothers.get());
            results.add(new FaceResult(ids[i], boxes.get(i), predictions.get(i), s.update(predictions.get(i))));
        }
        return new FrameResult(index, timeMs, results);
    }
}
