package org.fer4j.bench;

import java.util.concurrent.TimeUnit;

import org.fer4j.core.FaceImage;
import org.fer4j.data.FaceStore;
import org.fer4j.models.ModelRegistry;
import org.fer4j.models.Preprocessing;
import org.fer4j.train.TrainConfig;
import org.fer4j.train.TrainingStep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import ai.djl.Device;

/**
 * One training step (forward, loss, backward, SGD update) on a batch of real, preprocessed PublicTest faces, per
 * architecture, on the PyTorch engine: images/s = batch / time per step. The data path (reading, augmentation) is not
 * in it; it runs on its own thread during training and is measured by {@code fer compare}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class TrainStepBenchmark {
    @Param({"fer-net", "fer-net-s", "seed-cnn", "seed-vgg", "seed-resnet", "seed-simple-cnn"})
    public String architecture;

    @Param({"64"})
    public int batch;

    @Param({"cpu", "gpu"})
    public String device;

    private TrainingStep step;
    private float[] x;
    private int[] y;

    /** Builds the model and one batch once per trial. */
    @Setup(Level.Trial)
    public void setup() {
        Device d = BenchData.device(device, "PyTorch");
        if (d == null) {
            return;
        }
        FaceStore faces = BenchData.publicTest();
        Preprocessing pre = ModelRegistry.get(architecture).preprocessing();
        x = new float[batch * FaceImage.PIXELS];
        y = new int[batch];
        for (int i = 0; i < batch; i++) {
            pre.apply(faces.image(i), x, i * FaceImage.PIXELS);
            y[i] = faces.label(i).index();
        }
        step = TrainingStep.fresh(TrainConfig.builder(architecture).optBatchSize(batch).build(), d);
    }

    /** @param bh sink @return the step's loss and hits */
    @Benchmark
    public Object step(Blackhole bh) {
        if (step == null) {
            bh.consume(device);
            return null;
        }
        // a small constant rate keeps the weights finite over thousands of steps on one batch
        return step.run(x, y, batch, 0.001f);
    }

    /** Frees the model. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (step != null) {
            step.close();
        }
    }
}
