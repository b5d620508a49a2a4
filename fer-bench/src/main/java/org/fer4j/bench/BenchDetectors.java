package org.fer4j.bench;

import org.fer4j.core.FaceDetector;
import org.fer4j.vision.CascadeFaceDetector;
import org.fer4j.vision.RegionOfInterestDetector;
import org.fer4j.vision.YuNetFaceDetector;
import org.opencv.core.Mat;

/** The detector settings the benchmarks compare, by name. */
final class BenchDetectors {
    /** Full-frame scan period of the {@code +roi} detectors: a third of a second at 30 frames/s. */
    static final int ROI_FULL_EVERY = 10;

    private BenchDetectors() {
    }

    /**
     * @param name {@code tutorial} (Haar 1.3/5, full resolution), {@code default} (fer4j's Haar defaults), {@code fast}
     *     (fer4j's live preset, Haar at 320 px), {@code lbp-320}, {@code yunet} (full resolution) or {@code yunet-320};
     *     a cascade name with {@code +roi} wraps it in a {@link RegionOfInterestDetector} with a full scan every
     *     {@value #ROI_FULL_EVERY} frames
     * @return a new detector; close it
     */
    static FaceDetector<Mat> create(String name) {
        if (name.endsWith("+roi")) {
            if (!(create(name.substring(0, name.length() - 4)) instanceof CascadeFaceDetector cascade)) {
                throw new IllegalArgumentException("+roi needs a cascade detector, got " + name);
            }
            return new RegionOfInterestDetector(cascade, ROI_FULL_EVERY);
        }
        return switch (name) {
            case "tutorial" -> CascadeFaceDetector.tutorial();
            case "default" -> CascadeFaceDetector.defaults();
            case "fast" -> CascadeFaceDetector.fast();
            case "lbp-320" -> CascadeFaceDetector.builder().optCascade(CascadeFaceDetector.Cascade.LBP).optMaxWidth(320).optMinFace(48).build();
            case "yunet" -> new YuNetFaceDetector(BenchData.dataDir().resolve("models/face_detection_yunet.onnx"), 0.9f);
            case "yunet-320" -> new YuNetFaceDetector(BenchData.dataDir().resolve("models/face_detection_yunet.onnx"), 0.9f, 320);
            default -> throw new IllegalArgumentException("unknown detector " + name
                    + " (tutorial, default, fast, lbp-320, yunet, yunet-320)");
        };
    }
}
