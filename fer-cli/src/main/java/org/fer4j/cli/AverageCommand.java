package org.fer4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.fer4j.data.FaceStore;
import org.fer4j.data.Usage;
import org.fer4j.models.FerModelException;
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
    @Option(names = "--model", required = true, split = ",", description = {"two or more model folders of one architecture;",
        "a folder of model folders (a run's epochs/ from --keep-epochs) stands for all of them, in name order"})
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
    public Integer call() throws IOException {
        List<Path> members = expand(models);
        if (members.size() < 2) {
            throw new IllegalArgumentException("--model needs two or more model folders, got " + members.size() + ": " + members);
        }
        FaceStore train = FaceStore.read(Usage.TRAINING, data);
        try (Model m = WeightAveraging.average(members, Device.cpu())) {
            ModelCard first = ModelCard.read(members.get(0));
            int batches = WeightAveraging.recalibrateBatchNorm(m, first.preprocessing(), train, faces, batchSize,
                    org.fer4j.train.Augmentation.parse(augment), seed);
            Map<String, Object> bn = new LinkedHashMap<>();
            bn.put("file", data.getFileName().toString());
            bn.put("faces", batches * batchSize);
            bn.put("batch_size", batchSize);
            bn.put("augment", augment);
            ModelFiles.save(m, WeightAveraging.card(members, bn, seed), out);
            spec.commandLine().getOut().printf("averaged %d models; batch-norm statistics over %,d Training faces; wrote %s%n",
                    members.size(), batches * batchSize, out);
        }
        return 0;
    }

    /**
     * Model folders as given, with each folder that holds no model card replaced by its sub-folders that do, sorted by
     * name (epoch-001, epoch-002, ...): averaging a run's 20 kept epochs should not need 20 paths typed out.
     */
    static List<Path> expand(List<Path> given) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            if (!Files.isDirectory(p)) {
                throw new FerModelException(p.toString(), "not a folder");
            }
            if (Files.isRegularFile(p.resolve(ModelCard.FILE))) {
                out.add(p);
                continue;
            }
            List<Path> inner;
            try (Stream<Path> s = Files.list(p)) {
                inner = s.filter(d -> Files.isRegularFile(d.resolve(ModelCard.FILE))).sorted().toList();
            }
            if (inner.isEmpty()) {
                throw new FerModelException(p.toString(), "neither a model folder (no " + ModelCard.FILE
                        + ") nor a folder of model folders");
            }
            out.addAll(inner);
        }
        return out;
    }
}
