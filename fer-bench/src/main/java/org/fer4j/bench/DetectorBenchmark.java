package org.fer4j.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fer4j.core.Detection;
import org.fer4j.vision.CascadeFaceDetector;
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
import org.opencv.core.Mat;

/** The detector alone on a 640x480 frame with one face, per detector and detection width. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DetectorBenchmark {
    @Param({"tutorial", "haar-640", "haar-320", "lbp-320"})
    public String detector;

    private CascadeFaceDetector det;
    private Mat frame;

    /** Builds the detector and frame. */
    @Setup(Level.Trial)
    public void setup() {
        frame = BenchData.frame640x480("obama.jpg");
        det = switch (detector) {
            case "tutorial" -> CascadeFaceDetector.tutorial();
            case "haar-640" -> CascadeFaceDetector.builder().optMaxWidth(640).optMinFace(48).build();
            case "haar-320" -> CascadeFaceDetector.builder().optMaxWidth(320).optMinFace(48).build();
            case "lbp-320" -> CascadeFaceDetector.builder().optCascade(CascadeFaceDetector.Cascade.LBP).optMaxWidth(320).optMinFace(48).build();
            default -> throw new IllegalArgumentException(detector);
        };
    }

    /** @return detections */
    @Benchmark
    public List<Detection> detect() {
        return det.detect(frame);
    }

    /** Releases native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        det.close();
        frame.release();
    }
}
