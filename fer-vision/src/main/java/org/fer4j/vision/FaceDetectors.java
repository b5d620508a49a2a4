package org.fer4j.vision;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.fer4j.core.FaceDetector;
import org.opencv.core.Mat;

/**
 * Detectors by name, the one registry that the command line, the benchmarks and applications share:
 * {@code yunet} (the default: the bundled YuNet CNN), {@code haar} (fer4j's tuned Haar cascade), {@code tutorial} (the
 * tutorial's Haar 1.3/5 at full resolution), {@code fast} (Haar at <= 320 px, faces >= 48 px) and {@code lbp}.
 *
 * <pre>{@code
 * try (FaceDetector<Mat> d = FaceDetectors.builder().build()) {          // YuNet, measured defaults
 *     List<Detection> faces = d.detect(frame);
 * }
 * FaceDetectors.builder().optName("haar").optFullEvery(10).build();     // Haar, whole-frame scan every 10th frame
 * }</pre>
 */
public final class FaceDetectors {
    /** Name of the default detector. */
    public static final String DEFAULT = "yunet";
    /** Every name {@link Builder#optName} accepts. */
    public static final List<String> NAMES = List.of("yunet", "haar", "tutorial", "fast", "lbp");

    private FaceDetectors() {
    }

    /** @return a builder for the default detector; {@code opt*} settings change it */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param name one of {@link #NAMES}
     * @return that detector with its defaults; close it
     */
    public static FaceDetector<Mat> create(String name) {
        return builder().optName(name).build();
    }

    /** Builder with {@code opt*} settings; each has a default. */
    public static final class Builder {
        private String name = DEFAULT;
        private Path yunetModel;
        private Float minScore;
        private Integer minFace;
        private int every = 1;
        private int fullEvery = 1;

        private Builder() {
        }

        /** @param n one of {@link FaceDetectors#NAMES}, case-insensitive (default {@value FaceDetectors#DEFAULT}) @return this */
        public Builder optName(String n) {
            String lower = n.toLowerCase(Locale.ROOT);
            if (!NAMES.contains(lower)) {
                throw new VisionException("detector '" + n + "'", "unknown; choose one of " + String.join(", ", NAMES));
            }
            this.name = lower;
            return this;
        }

        /** @param file a YuNet ONNX file to use instead of the bundled one (yunet only) @return this */
        public Builder optYuNetModel(Path file) {
            this.yunetModel = file;
            return this;
        }

        /** @param score least YuNet score kept, in (0, 1] (yunet only) @return this */
        public Builder optMinScore(float score) {
            this.minScore = score;
            return this;
        }

        /** @param pixels smallest face side to find, in frame pixels (yunet only) @return this */
        public Builder optMinFace(int pixels) {
            this.minFace = pixels;
            return this;
        }

        /**
         * @param n detect on every n-th video frame and reuse its boxes in between (default 1: every frame)
         * @return this
         */
        public Builder optEvery(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("detect every n-th frame: n must be >= 1, got " + n);
            }
            this.every = n;
            return this;
        }

        /**
         * Cascades only: scan the whole frame every n-th frame and only around known faces in between (several times
         * faster with faces in view; a new face beside tracked ones appears up to n-1 frames late).
         *
         * @param n whole-frame scan period (default 1: whole frame every time)
         * @return this
         */
        public Builder optFullEvery(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("whole-frame scan period must be >= 1, got " + n);
            }
            this.fullEvery = n;
            return this;
        }

        /** @return the detector; close it */
        public FaceDetector<Mat> build() {
            boolean yunet = name.equals("yunet");
            if (!yunet && (yunetModel != null || minScore != null || minFace != null)) {
                throw new VisionException("detector '" + name + "'", "a YuNet model, score or minimum face applies to yunet only");
            }
            if (yunet && fullEvery > 1) {
                throw new VisionException("detector 'yunet'", "region scans between whole-frame scans apply to the cascades"
                        + " (haar, tutorial, fast, lbp) only");
            }
            // detectors allocate Mats in their field initializers, before their constructors could load the natives
            OpenCvRuntime.load();
            FaceDetector<Mat> d = switch (name) {
                case "yunet" -> yunet();
                case "haar" -> CascadeFaceDetector.haar();
                case "tutorial" -> CascadeFaceDetector.tutorial();
                case "fast" -> CascadeFaceDetector.fast();
                case "lbp" -> CascadeFaceDetector.builder().optCascade(CascadeFaceDetector.Cascade.LBP).build();
                default -> throw new IllegalStateException(name);
            };
            if (fullEvery > 1) {
                d = new RegionOfInterestDetector((CascadeFaceDetector) d, fullEvery);
            }
            return every > 1 ? new EveryNthFrameDetector<>(d, every) : d;
        }

        private YuNetFaceDetector yunet() {
            YuNetFaceDetector.Builder b = YuNetFaceDetector.builder().optModelFile(yunetModel);
            if (minScore != null) {
                b.optMinScore(minScore);
            }
            if (minFace != null) {
                b.optMinFace(minFace);
            }
            return b.build();
        }

        /** @return the settings in one line, for logs and reports */
        public String describe() {
            StringBuilder s = new StringBuilder(name);
            if (name.equals("yunet")) {
                s.append(" (").append(yunetModel == null ? "bundled model" : yunetModel.getFileName())
                        .append(", min score ").append(minScore == null ? YuNetFaceDetector.DEFAULT_MIN_SCORE : minScore)
                        .append(", min face ").append(minFace == null ? YuNetFaceDetector.DEFAULT_MIN_FACE : minFace).append(" px)");
            }
            if (every > 1) {
                s.append(", detect every ").append(every).append(" frames");
            }
            if (fullEvery > 1) {
                s.append(", whole frame every ").append(fullEvery).append(" frames");
            }
            return s.toString();
        }
    }
}
