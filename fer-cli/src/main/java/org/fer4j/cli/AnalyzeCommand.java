package org.fer4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.fer4j.core.FaceDetector;
import org.fer4j.core.pipeline.SmoothingSpec;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.vision.Analyzer;
import org.fer4j.vision.CascadeFaceDetector;
import org.fer4j.vision.EveryNthFrameDetector;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.FrameSources;
import org.fer4j.vision.RegionOfInterestDetector;
import org.fer4j.vision.YuNetFaceDetector;
import org.opencv.core.Mat;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fer analyze}: the main job. */
@Command(name = "analyze", mixinStandardHelpOptions = true, description = {
    "Find faces and their expressions in an image, a folder of images, a video file or a camera (camera:N).",
    "Writes <name>.jsonl (one JSON object per frame), annotated output and <name>.summary.json to --out."})
final class AnalyzeCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "image, folder, video file or camera:N")
    String input;

    @Option(names = "--out", description = "output folder (default: beside the input; the current folder for a camera)")
    Path out;

    @Mixin
    ModelOptions model;

    @Option(names = "--detector", defaultValue = "default", description = "default (Haar, tuned), fast (Haar at <= 320 px, faces >= 48 px; live video), tutorial (Haar 1.3/5, full resolution), lbp or yunet")
    String detector;

    @Option(names = "--yunet-model", description = "YuNet ONNX file (face_detection_yunet_*.onnx), for --detector yunet")
    Path yunet;

    @Option(names = "--every", defaultValue = "1", description = "detect on every n-th video frame, reuse boxes in between (default 1)")
    int every;

    @Option(names = "--full-every", defaultValue = "1", description = "Haar/LBP only: scan the whole frame every n-th frame and "
            + "only around known faces in between (several times faster with faces in view; new faces beside tracked ones "
            + "appear up to n-1 frames late). Default 1: whole frame every time")
    int fullEvery;

    @Option(names = "--smoothing", description = "per-face smoothing: ema:A (moving average of probabilities, newest frame "
            + "weighted A), mean:N (mean probabilities of N frames) or mode:N (the tutorial's label mode over N frames); default ema:0.3")
    String smoothing;

    @Option(names = "--no-annotate", description = "skip annotated images/video")
    boolean noAnnotate;

    @Option(names = "--show", description = "show frames in a window (q stops; outputs cover the frames shown); needs a display")
    boolean show;

    @Override
    public Integer call() {
        Path outDir = out != null ? out : defaultOut(input);
        try (FrameSource source = FrameSources.open(input);
                FaceDetector<Mat> det = new EveryNthFrameDetector<>(regions(detector()), every);
                DjlExpressionClassifier classifier = model.open()) {
            Analyzer.Result r = Analyzer.builder(det, classifier).optSmoothing(smoothing == null ? SmoothingSpec.DEFAULT : SmoothingSpec.parse(smoothing)).optAnnotate(!noAnnotate)
                    .optShow(show).build().run(source, outDir);
            System.out.printf("%s: %d frames, %d faces, %d tracks%n", source.name(), r.summary().frames(), r.summary().faces(),
                    r.summary().tracks());
            System.out.println("wrote " + r.jsonl());
            if (r.annotated() != null) {
                System.out.println("wrote " + r.annotated());
            }
            System.out.println("wrote " + r.summaryFile());
        }
        return 0;
    }

    private FaceDetector<Mat> regions(FaceDetector<Mat> d) {
        if (fullEvery == 1) {
            return d;
        }
        if (!(d instanceof CascadeFaceDetector cascade)) {
            d.close();
            throw new IllegalArgumentException("--full-every works with the Haar and LBP detectors, not with " + detector);
        }
        return new RegionOfInterestDetector(cascade, fullEvery);
    }

    private FaceDetector<Mat> detector() {
        return switch (detector.toLowerCase(Locale.ROOT)) {
            case "default", "haar" -> CascadeFaceDetector.defaults();
            case "tutorial" -> CascadeFaceDetector.tutorial();
            case "fast" -> CascadeFaceDetector.fast();
            case "lbp" -> CascadeFaceDetector.builder().optCascade(CascadeFaceDetector.Cascade.LBP).build();
            case "yunet" -> {
                if (yunet == null) {
                    throw new IllegalArgumentException("--detector yunet needs --yunet-model <face_detection_yunet.onnx>");
                }
                yield new YuNetFaceDetector(yunet, 0.9f);
            }
            default -> throw new IllegalArgumentException("--detector must be default, fast, tutorial, lbp or yunet, got " + detector);
        };
    }

    private static Path defaultOut(String input) {
        if (input.startsWith("camera:")) {
            return Path.of(".");
        }
        Path p = Path.of(input).toAbsolutePath();
        return p.getParent() == null ? Path.of(".") : p.getParent();
    }
}
