package org.fer4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fer4j.core.Detection;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.core.pipeline.FramePipeline;
import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.vision.CascadeFaceDetector;
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
 * One 640x480 frame through detection, crop and classification. {@code tutorial}: Haar 1.3/5 at full resolution and
 * one classifier call per face, as the tutorial's demo did; {@code fer4j}: the default pipeline (Haar at 320 px with
 * size and score limits, all faces of the frame in one batch). Frames hold 0, 1, 2 or many (Solvay, 29) faces.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathBenchmark {
    @Param({"tutorial", "fer4j"})
    public String pipeline;

    @Param({"onnxruntime", "pytorch"})
    public String engine;

    @Param({"cpu", "gpu"})
    public String device;

    @Param({"coffee.png", "obama.jpg", "two_people.jpg", "solvay-conference-1927.jpg"})
    public String photo;

    private Mat frame;
    private CascadeFaceDetector detector;
    private FaceCrops crops;
    private DjlExpressionClassifier classifier;
    private FramePipeline<Mat> ours;

    /** Builds everything once per trial: nothing is created per frame. */
    @Setup(Level.Trial)
    public void setup() {
        frame = BenchData.frame640x480(photo);
        classifier = BenchData.classifier(engine, device);
        crops = new FaceCrops();
        detector = pipeline.equals("tutorial") ? CascadeFaceDetector.tutorial()
                : CascadeFaceDetector.builder().optMaxWidth(320).optMinFace(24).build();
        if (classifier != null) {
            ours = FramePipeline.withDefaults(detector, crops, classifier);
        }
    }

    /** @param bh sink @return what was found */
    @Benchmark
    public Object frame(Blackhole bh) {
        if (classifier == null) {
            bh.consume(device);
            return null;
        }
        if (pipeline.equals("fer4j")) {
            FrameResult r = ours.process(frame, 0, 0);
            return r;
        }
        List<ExpressionPrediction> out = new ArrayList<>();
        for (Detection d : detector.detect(frame)) {
            FaceImage face = crops.crop(frame, d.box());
            out.add(classifier.classify(face));
        }
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
        frame.release();
    }
}
