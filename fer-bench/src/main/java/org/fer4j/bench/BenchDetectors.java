package org.fer4j.bench;

import org.fer4j.core.FaceDetector;
import org.fer4j.vision.FaceDetectors;
import org.opencv.core.Mat;

/** The detector settings the benchmarks compare, by name: {@link FaceDetectors}' names, optionally with {@code +roi}. */
final class BenchDetectors {
    /** Full-frame scan period of the {@code +roi} detectors: a third of a second at 30 frames/s. */
    static final int ROI_FULL_EVERY = 10;

    private BenchDetectors() {
    }

    /**
     * @param name one of {@link FaceDetectors#NAMES} ({@code default} is {@value FaceDetectors#DEFAULT}); a cascade name
     *     with {@code +roi} scans the whole frame every {@value #ROI_FULL_EVERY} frames and around known faces in between
     * @return a new detector; close it
     */
    static FaceDetector<Mat> create(String name) {
        boolean roi = name.endsWith("+roi");
        String base = roi ? name.substring(0, name.length() - 4) : name;
        return FaceDetectors.builder().optName(base.equals("default") ? FaceDetectors.DEFAULT : base)
                .optFullEvery(roi ? ROI_FULL_EVERY : 1).build();
    }
}
