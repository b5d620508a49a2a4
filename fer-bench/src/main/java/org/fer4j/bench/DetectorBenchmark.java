package org.fer4j.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fer4j.core.Detection;
import org.fer4j.core.FaceDetector;
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

/** The detector alone on a 640x480 frame, per detector setting ({@link BenchDetectors}); faces found are counted. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DetectorBenchmark {
    @Param({"tutorial", "yunet", "haar", "fast", "haar+roi", "fast+roi", "lbp"})
    public String detector;

    @Param({"obama.jpg"})
    public String photo;

    private FaceDetector<Mat> det;
    private Mat frame;

    /** Builds the detector and frame. */
    @Setup(Level.Trial)
    public void setup() {
        frame = BenchData.frame640x480(photo);
        det = BenchDetectors.create(detector);
    }

    /** @param count faces found @return detections */
    @Benchmark
    public List<Detection> detect(FaceCount count) {
        List<Detection> found = det.detect(frame);
        count.add(found.size());
        return found;
    }

    /** Releases native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        det.close();
        frame.release();
    }
}
