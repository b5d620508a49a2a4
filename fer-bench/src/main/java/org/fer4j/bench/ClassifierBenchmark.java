package org.fer4j.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.models.inference.DjlExpressionClassifier;
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

/**
 * The classifier alone: time per call for a batch of 1, 8, 32 or 128 real PublicTest faces, per engine, device and
 * model (preprocessing, inference and soft-max included).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClassifierBenchmark {
    @Param({"pytorch", "onnxruntime"})
    public String engine;

    @Param({"cpu", "gpu"})
    public String device;

    @Param({"1", "8", "32", "128"})
    public int batch;

    @Param({BenchData.DEFAULT_MODEL})
    public String model;

    /** ONNX Runtime intra-op threads: {@code auto} (ONNX Runtime's choice) or a count; PyTorch ignores it. */
    @Param({"auto"})
    public String threads;

    private DjlExpressionClassifier classifier;
    private List<FaceImage> faces;

    /** Loads the model once per trial. */
    @Setup(Level.Trial)
    public void setup() {
        classifier = BenchData.classifier(engine, device, model, threads);
        faces = BenchData.faces(batch);
    }

    /** @param bh sink @return predictions */
    @Benchmark
    public List<ExpressionPrediction> classify(Blackhole bh) {
        if (classifier == null) {
            bh.consume(device);
            return List.of();
        }
        return classifier.classifyAll(faces);
    }

    /** Releases the model. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (classifier != null) {
            classifier.close();
        }
    }
}
