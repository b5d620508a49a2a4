package org.fer4j.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fer4j.data.FaceStore;
import org.fer4j.data.Usage;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.fer4j.train.WeightAveraging;

import ai.djl.Device;
import ai.djl.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fer average}. */
@Command(name = "average", mixinStandardHelpOptions = true, description = {
    "Average the weights of models of one lineage (a run's last epochs, or successive fine-tuning cycles) into one model",
    "of the same size and speed, and measure its batch-norm statistics on Training faces. Evaluate the result before use:",
    "models trained independently do not average."})
final class AverageCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, split = ",", description = "two or more model folders of one architecture")
    List<Path> models;

    @Option(names = "--data", required = true, description = "FER2013 CSV whose Training rows give the batch-norm statistics")
    Path data;

    @Option(names = "--out", required = true, description = "model folder to write")
    Path out;

    @Option(names = "--faces", defaultValue = "28709", description = "Training faces for the statistics, drawn at random (default ${DEFAULT-VALUE}: all)")
    int faces;

    @Option(names = "--batch-size", defaultValue = "64", description = "faces per batch, as in training (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--augment", defaultValue = "none", description = "augmentation of those faces: none, tutorial or strong (default ${DEFAULT-VALUE})")
    String augment;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the draw and augmentation (default ${DEFAULT-VALUE})")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (models.size() < 2) {
            throw new IllegalArgumentException("--model needs two or more folders, got " + models.size());
        }
        FaceStore train = FaceStore.read(Usage.TRAINING, data);
        try (Model m = WeightAveraging.average(models, Device.cpu())) {
            ModelCard first = ModelCard.read(models.get(0));
            int batches = WeightAveraging.recalibrateBatchNorm(m, first.preprocessing(), train, faces, batchSize,
                    TrainCommand.augmentation(augment), seed);
            Map<String, Object> bn = new LinkedHashMap<>();
            bn.put("file", data.getFileName().toString());
            bn.put("faces", batches * batchSize);
            bn.put("batch_size", batchSize);
            bn.put("augment", augment);
            ModelFiles.save(m, WeightAveraging.card(models, bn, seed), out);
            spec.commandLine().getOut().printf("averaged %d models; batch-norm statistics over %,d Training faces; wrote %s%n",
                    models.size(), batches * batchSize, out);
        }
        return 0;
    }
}
