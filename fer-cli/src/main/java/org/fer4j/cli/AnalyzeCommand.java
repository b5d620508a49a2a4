package org.fer4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fer4j.core.FaceDetector;
import org.fer4j.core.pipeline.SmoothingSpec;
import org.fer4j.core.pipeline.TrackingSpec;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.vision.Analyzer;
import org.fer4j.vision.FaceDetectors;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.FrameSources;
import org.fer4j.vision.VideoCodec;
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

    @Option(names = "--float", description = "classify with the model's float graph instead of its int8 graph (the default"
            + " on ONNX Runtime: 0.44 points below float on FER2013 PublicTest, 2.6-3x faster)")
    boolean useFloat;

    @Mixin
    DetectorOptions detector;

    @Option(names = "--min-face", description = "yunet: smallest face side to find, in pixels (default 24; larger is faster)")
    Integer minFace;

    @Option(names = "--every", defaultValue = "1", description = "detect on every n-th video frame, reuse boxes in between (default 1)")
    int every;

    @Option(names = "--full-every", defaultValue = "1", description = "cascades only: scan the whole frame every n-th frame and "
            + "only around known faces in between (several times faster with faces in view; new faces beside tracked ones "
            + "appear up to n-1 frames late). Default 1: whole frame every time")
    int fullEvery;

    @Option(names = "--smoothing", description = "per-face smoothing: ema:A (moving average of probabilities, newest frame "
            + "weighted A), mean:N (mean probabilities of N frames) or mode:N (the tutorial's label mode over N frames); default ema:0.3")
    String smoothing;

    @Option(names = "--no-annotate", description = "skip annotated images/video")
    boolean noAnnotate;

    @Option(names = "--video-codec", defaultValue = "h264", description = "annotated video codec: h264 (plays in browsers and"
            + " the report page) or mpeg4 (a third of h264's cost to write; plays in VLC and most desktop players, not in"
            + " browsers); default h264")
    String videoCodec;

    @Option(names = "--no-report", description = "skip the timeline PNG and the report page")
    boolean noReport;

    @Option(names = "--sequential", description = "decode, analyze and write in turn on one thread (same results, slower)")
    boolean sequential;

    @Option(names = "--resume", description = "video files only: analyze in segments kept in <out>/.fer-resume-<name>/ as each"
            + " completes, so that a run stopped in any way (Ctrl-C, kill -9, a crash) continues at the first unfinished segment"
            + " when run again with --resume and the same options. Tracks and smoothing start afresh at each segment boundary"
            + " (track ids keep counting up); frame numbers and times are the whole file's")
    boolean resume;

    @Option(names = "--segment-seconds", defaultValue = "60", description = "with --resume: segment length in seconds of video (default 60)")
    int segmentSeconds;

    @Option(names = "--show", description = "show frames in a window (q stops; outputs cover the frames shown); needs a display")
    boolean show;

    @Override
    public Integer call() {
        Path outDir = out != null ? out : defaultOut(input);
        FaceDetectors.Builder detectors = detector.builder().optEvery(every).optFullEvery(fullEvery);
        if (minFace != null) {
            detectors.optMinFace(minFace);
        }
        VideoCodec codec = VideoCodec.parse(videoCodec);
        if (resume && (input.startsWith("camera:") || !Files.isRegularFile(Path.of(input)))) {
            throw new IllegalArgumentException("--resume works on a video file; " + input + " is not one");
        }
        try (FrameSource source = resume ? null : FrameSources.open(input);
                FaceDetector<Mat> det = detectors.build();
                DjlExpressionClassifier classifier = model.open(!useFloat)) {
            boolean int8 = model.int8(!useFloat);
            SmoothingSpec smoother = smoothing == null ? SmoothingSpec.DEFAULT : SmoothingSpec.parse(smoothing);
            Analyzer analyzer = Analyzer.builder(det, classifier).optSmoothing(smoother).optAnnotate(!noAnnotate)
                    .optVideoCodec(codec)
                    .optShow(show).optPipelined(!sequential).optReport(!noReport)
                    .optSetting("detector", detectors.describe())
                    .optSetting("classifier", model.model + " on " + classifier.engine() + (int8 ? ", int8 graph" : ", float"))
                    .optSetting("smoothing", smoother.toString())
                    .optSetting("tracking", TrackingSpec.DEFAULT.toString())
                    .optResume(resume).optSegmentSeconds(segmentSeconds).optResumeSettings(resumeSettings(int8)).build();
            Analyzer.Result r = resume ? analyzer.run(Path.of(input), outDir) : analyzer.run(source, outDir);
            String name = resume ? Path.of(input).getFileName().toString() : source.name();
            System.out.printf("%s: %d frames, %d faces, %d tracks in %.2f s (%.1f frames/s)%n", name, r.summary().frames(),
                    r.summary().faces(), r.summary().tracks(), r.seconds(), r.framesPerSecond());
            for (Map.Entry<String, Path> e : r.files().entrySet()) {
                System.out.println("wrote " + e.getValue());
            }
        }
        return 0;
    }

    /** The options that change results beyond those the report lists: a resumed run must use the same ones. */
    private String resumeSettings(boolean int8) {
        return "model=" + model.model + ";engine=" + model.engine + ";int8=" + int8 + ";yunet-model=" + detector.yunetModel
                + ";min-face=" + minFace + ";every=" + every + ";full-every=" + fullEvery + ";video-codec=" + videoCodec;
    }

    private static Path defaultOut(String input) {
        if (input.startsWith("camera:")) {
            return Path.of(".");
        }
        Path p = Path.of(input).toAbsolutePath();
        return p.getParent() == null ? Path.of(".") : p.getParent();
    }
}
