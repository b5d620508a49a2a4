package org.fer4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fer4j.core.Dataset;
import org.fer4j.core.io.AtomicOutput;
import org.fer4j.data.FaceStore;
import org.fer4j.data.Usage;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.fer4j.models.ModelRegistry;
import org.fer4j.models.ModelSpec;
import org.fer4j.models.nn.Complexity;
import org.fer4j.train.EpochRecord;
import org.fer4j.train.EvaluationReport;
import org.fer4j.train.FerTrainer;
import org.fer4j.train.ModelEvaluator;
import org.fer4j.train.TrainConfig;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer compare}: the tutorial's model comparison, under one budget. */
@Command(name = "compare", mixinStandardHelpOptions = true, description = {
    "Train several models under the same budget on the same data and write one table (accuracy, macro-F1, parameters,",
    "training images/s and FLOP/s against this machine's measured fp32 matmul peak, inference ms per face) to <out>/compare.md."})
final class CompareCommand implements Callable<Integer> {
    @Option(names = "--models", split = ",", defaultValue = "seed-cnn,seed-vgg,seed-resnet,seed-simple-cnn,fer-net,fer-net-s")
    List<String> models;

    @Option(names = "--data", required = true, description = "FER2013 CSV with Training rows")
    Path data;

    @Option(names = "--val", required = true, description = "CSV with PublicTest rows")
    Path val;

    @Option(names = "--out", required = true, description = "folder for the runs and compare.md")
    Path out;

    @Option(names = "--epochs", defaultValue = "1")
    int epochs;

    @Option(names = "--limit", description = "train on the first N Training rows only")
    Integer limit;

    @Option(names = "--batch-size", defaultValue = "128", description = "the tutorial's 128 by default")
    int batchSize;

    @Override
    public Integer call() throws IOException {
        OutputPaths.checkCreatable("--out", out.resolve("compare.md"));
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + ": is a file, not a folder");
        }
        Dataset train = FaceStore.read(Usage.TRAINING, data);
        if (limit != null && limit < train.size()) {
            train = train.slice(0, limit);
        }
        Dataset validation = FaceStore.read(Usage.PUBLIC_TEST, val);
        double peak = matmulPeakGflops();
        System.out.printf("fp32 matmul peak through DJL/PyTorch: %.1f GFLOP/s%n", peak);
        List<String> rows = new ArrayList<>();
        for (String name : models) {
            ModelSpec spec = ModelRegistry.get(name);
            // the tutorial's settings for its VGG/ResNet/CNN comparison: SGD 0.01, momentum 0.9, flip + brightness/contrast
            TrainConfig c = TrainConfig.builder(name).optEpochs(epochs).optBatchSize(batchSize).optLearningRate(0.01f)
                    .optNesterov(false).optWeightDecay(0).optSchedule(TrainConfig.Schedule.CONSTANT).optWarmupEpochs(0)
                    .optLabelSmoothing(0).optAugmentation(org.fer4j.train.Augmentation.TUTORIAL).optSeed(42).build();
            Path dir = out.resolve(name);
            Map<String, Object> desc = new LinkedHashMap<>();
            desc.put("train_faces", train.size());
            List<EpochRecord> h = new FerTrainer(c, dir, desc).optLogEvery(0).train(train, validation, Files.exists(dir.resolve("checkpoint")));
            EpochRecord last = h.get(h.size() - 1);
            long macs = Complexity.macs(spec.newBlock(), ModelSpec.INPUT);
            double trainGflops = last.trainImagesPerSecond() * 3.0 * 2 * macs / 1e9; // forward + backward ~ 3x forward
            EvaluationReport best;
            long params;
            try (Model m = ModelFiles.load(dir.resolve("best"), Device.cpu())) {
                params = Complexity.trainableParameters(m.getBlock());
                best = ModelEvaluator.evaluate(m, ModelCard.read(dir.resolve("best")).preprocessing(), validation, 256, false);
            }
            String row = String.format("| %s | %,d | %.1f M | %.4f | %.4f | %.0f | %.1f (%.0f%% of peak) | %.3f |", name, params, macs / 1e6,
                    best.matrix().accuracy(), best.matrix().macroF1(), last.trainImagesPerSecond(), trainGflops, 100 * trainGflops / peak,
                    1000.0 / best.imagesPerSecond());
            System.out.println(row);
            rows.add(row);
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format("Budget: %d epoch(s) on %d Training faces, batch %d, SGD 0.01 momentum 0.9, tutorial augmentation; "
                + "PublicTest for accuracy. fp32 matmul peak (DJL/PyTorch, best of 5 4096x4096): %.1f GFLOP/s.%n%n", epochs, train.size(), batchSize, peak));
        md.append("| model | parameters | MACs/face | PublicTest acc | macro-F1 | train img/s | train GFLOP/s | inference ms/face (batch 256, PyTorch) |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        AtomicOutput.writeFile(out.resolve("compare.md"), o -> o.write(md.toString().getBytes(StandardCharsets.UTF_8)));
        System.out.println("wrote " + out.resolve("compare.md"));
        return 0;
    }

    /** Best of 5 timed 4096x4096 fp32 matmuls on the PyTorch engine. */
    static double matmulPeakGflops() {
        int n = 4096;
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            a.matMul(b).close();
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                c.getFloat(0, 0); // forces completion
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                c.close();
            }
            return 2.0 * n * n * n / best / 1e9;
        }
    }
}
