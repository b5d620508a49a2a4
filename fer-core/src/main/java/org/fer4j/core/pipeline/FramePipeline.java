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
 * Detector, crop, classifier, shot-cut detection, tracking and smoothing wired together for a stream of frames:
 * all faces of a frame go to the classifier in one batch, each face track has its own smoother, and every track ends
 * at a shot cut.
 *
 * <p>{@link #process} does everything for one frame. A pipelined loop can instead call {@link #observe} (detection,
 * classification and the frame's shot signature: no pipeline state, so frames may be observed in parallel when the
 * detector, cropper and classifier allow it) and then {@link #track} for each observation in frame order; both ways give
 * the same results. Tracking is stateful and so not thread-safe: one pipeline per stream. The pipeline does not own the
 * detector or classifier and does not close them.
 *
 * @param <F> the frame type of the detector and cropper
 */
public final class FramePipeline<F> {
    private final FaceDetector<F> detector;
    private final FaceCropper<F> cropper;
    private final ExpressionClassifier classifier;
    private final Supplier<Smoother> smoothers;
    private final FaceTracker tracker;
    private final ShotBoundaryDetector<F> shots;
    private final Map<Integer, Smoother> byTrack = new HashMap<>();
    private float[] previousSignature;

    /**
     * What one frame gave before tracking.
     *
     * @param detections the faces found
     * @param predictions one prediction per detection, in order
     * @param shotSignature the frame's shot signature, or {@code null} without shot-cut detection
     */
    public record Observation(List<Detection> detections, List<ExpressionPrediction> predictions, float[] shotSignature) {
        /** Copies the lists and checks they match. */
        public Observation {
            detections = List.copyOf(detections);
            predictions = List.copyOf(predictions);
            if (detections.size() != predictions.size()) {
                throw new IllegalArgumentException(detections.size() + " detections but " + predictions.size() + " predictions");
            }
        }
    }

    /**
     * @param detector finds faces
     * @param cropper turns a box into a 48x48 face
     * @param classifier predicts expressions
     * @param smoothing how each track is smoothed (e.g. {@link SmoothingSpec#DEFAULT})
     * @param tracking how faces are followed (e.g. {@link TrackingSpec#DEFAULT})
     * @param shots finds shot cuts, or {@code null} for none (still images, or a stream known to be one shot)
     */
    public FramePipeline(FaceDetector<F> detector, FaceCropper<F> cropper, ExpressionClassifier classifier,
            Supplier<Smoother> smoothing, TrackingSpec tracking, ShotBoundaryDetector<F> shots) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.cropper = Objects.requireNonNull(cropper, "cropper");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.smoothers = Objects.requireNonNull(smoothing, "smoothing");
        this.tracker = Objects.requireNonNull(tracking, "tracking").newTracker();
        this.shots = shots;
    }

    /**
     * A pipeline with the defaults ({@link SmoothingSpec#DEFAULT}, {@link TrackingSpec#DEFAULT}) and no shot-cut
     * detection.
     *
     * @param detector finds faces
     * @param cropper turns a box into a 48x48 face
     * @param classifier predicts expressions
     * @param <F> frame type
     * @return the pipeline
     */
    public static <F> FramePipeline<F> withDefaults(FaceDetector<F> detector, FaceCropper<F> cropper,
            ExpressionClassifier classifier) {
        return new FramePipeline<>(detector, cropper, classifier, SmoothingSpec.DEFAULT, TrackingSpec.DEFAULT, null);
    }

    /**
     * Runs one frame through the pipeline: {@link #track}({@link #observe}(frame), ...).
     *
     * @param frame the frame
     * @param index frame number
     * @param timeMs presentation time
     * @return what was found
     */
    public FrameResult process(F frame, long index, double timeMs) {
        return track(observe(frame), index, timeMs);
    }

    /**
     * Detects, crops and classifies the faces of a frame and takes its shot signature; touches no tracking state.
     *
     * @param frame the frame (not kept)
     * @return what the frame gave
     */
    public Observation observe(F frame) {
        List<Detection> detections = detector.detect(frame);
        List<FaceImage> faces = new ArrayList<>(detections.size());
        for (Detection d : detections) {
            faces.add(cropper.crop(frame, d.box()));
        }
        List<ExpressionPrediction> predictions = faces.isEmpty() ? List.of() : classifier.classifyAll(faces);
        return new Observation(detections, predictions, shots == null ? null : shots.signature(frame));
    }

    /**
     * Tracks and smooths one observed frame; call it in frame order.
     *
     * @param o the frame's observation
     * @param index frame number
     * @param timeMs presentation time
     * @return what was found
     */
    public FrameResult track(Observation o, long index, double timeMs) {
        boolean cut = false;
        if (o.shotSignature() != null) {
            cut = previousSignature != null && shots.isCut(previousSignature, o.shotSignature());
            previousSignature = o.shotSignature();
        }
        if (cut) {
            tracker.reset();
            byTrack.clear();
        }
        List<BoundingBox> boxes = new ArrayList<>(o.detections().size());
        for (Detection d : o.detections()) {
            boxes.add(d.box());
        }
        int[] ids = tracker.update(boxes);
        byTrack.keySet().retainAll(tracker.liveTracks());
        List<FaceResult> results = new ArrayList<>(boxes.size());
        for (int i = 0; i < boxes.size(); i++) {
            Smoother s = byTrack.computeIfAbsent(ids[i], k -> smoothers.get());
            ExpressionPrediction p = o.predictions().get(i);
            results.add(new FaceResult(ids[i], boxes.get(i), p, s.update(p)));
        }
        return new FrameResult(index, timeMs, results, cut);
    }
}
