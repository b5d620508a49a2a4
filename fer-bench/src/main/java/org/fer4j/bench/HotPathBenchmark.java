package org.fer4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fer4j.core.Detection;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceDetector;
import org.fer4j.core.FaceImage;
import org.fer4j.core.pipeline.FramePipeline;
import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.vision.FaceCrops;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.opencv.core.Mat;

/**
 * One 640x480 frame through detection, crop and classification. {@code pipeline} is {@code detector/model/calls}
 * ({@link BenchDetectors}; {@code default} or an architecture; {@code per-face}: one classifier call per face as the
 * tutorial's demo did, {@code per-frame}: fer4j's {@link FramePipeline}, all faces of the frame in one batch, with
 * tracking and smoothing). Aliases: {@code tutorial} = {@code tutorial/seed-cnn/per-face}, {@code fer4j} =
 * {@code yunet/default-int8/per-frame} (what {@code fer analyze} runs with no options). Frames hold 0, 1, 2 or many faces ({@link BenchData#frame640x480}), or are the frames of a clip in order
 * ({@code video:<file>}, {@link BenchData#frames}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathBenchmark {
    /** The tutorial's demo: Haar 1.3/5 at full resolution, its CNN, one face at a time. */
    static final String TUTORIAL = "tutorial/seed-cnn/per-face";
    /** fer4j's defaults: the bundled YuNet, the bundled model's int8 graph, all faces of a frame in one batch. */
    static final String FER4J = "yunet/default-int8/per-frame";

    @Param({"tutorial", "fer4j"})
    public String pipeline;

    @Param({"onnxruntime", "pytorch"})
    public String engine;

    @Param({"cpu", "gpu"})
    public String device;

    @Param({"coffee.png", "obama.jpg", "two_people.jpg", "solvay-conference-1927.jpg@0.8", "video:short_hamilton_clip.mp4"})
    public String photo;

    private List<Mat> frames;
    private FaceDetector<Mat> detector;
    private FaceCrops crops;
    private DjlExpressionClassifier classifier;
    private FramePipeline<Mat> batched;
    private long frameIndex;

    /**
     * @param alias {@code tutorial}, {@code fer4j} or {@code detector/model/calls}
     * @return the three parts
     */
    static String[] parse(String alias) {
        String spec = switch (alias) {
            case "tutorial" -> TUTORIAL;
            case "fer4j" -> FER4J;
            default -> alias;
        };
        String[] p = spec.split("/");
        if (p.length != 3 || !(p[2].equals("per-face") || p[2].equals("per-frame"))) {
            throw new IllegalArgumentException("pipeline must be tutorial, fer4j or detector/model/(per-face|per-frame), got " + alias);
        }
        return p;
    }

    /** Builds everything once per trial: nothing is created per frame. */
    @Setup(Level.Trial)
    public void setup() {
        String[] p = parse(pipeline);
        frames = BenchData.frames(photo);
        classifier = BenchData.classifier(engine, device, p[1], "auto");
        crops = new FaceCrops();
        detector = BenchDetectors.create(p[0]);
        if (classifier != null && p[2].equals("per-frame")) {
            batched = FramePipeline.withDefaults(detector, crops, classifier);
        }
    }

    /** @param bh sink @param count faces found @return what was found */
    @Benchmark
    public Object frame(Blackhole bh, FaceCount count) {
        if (classifier == null) {
            bh.consume(device);
            return null;
        }
        // a photo is one frame repeated, as a camera pointed at a still scene gives; a clip's frames follow each other
        Mat frame = frames.get((int) (frameIndex % frames.size()));
        if (batched != null) {
            FrameResult r = batched.process(frame, frameIndex, frameIndex * 33);
            frameIndex++;
            count.add(r.faces().size());
            return r;
        }
        frameIndex++;
        List<ExpressionPrediction> out = new ArrayList<>();
        for (Detection d : detector.detect(frame)) {
            FaceImage face = crops.crop(frame, d.box());
            out.add(classifier.classify(face));
        }
        count.add(out.size());
        return out;
    }

    /** Releases native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (classifier != null) {
            classifier.close();
        }
        detector.close();
        crops.release();
        frames.forEach(Mat::release);
    }
}
