package org.fer4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fer4j.core.Dataset;
import org.fer4j.core.FerException;
import org.fer4j.core.io.AtomicOutput;
import org.fer4j.data.FaceStore;
import org.fer4j.data.Usage;
import org.fer4j.train.EpochRecord;
import org.fer4j.train.FerTrainer;
import org.fer4j.train.TrainConfig;

/**
 * The tutorial's model comparison: several architectures trained alike on the same faces, one table of validation
 * accuracy and time. Uses fer4j's default recipe (SGD with Nesterov momentum, cosine schedule, strong augmentation).
 *
 * <p>Run: {@code examples/run CompareArchitectures ../shared/data/fer2013/train.csv.gz 5 4096 seed-cnn,seed-vgg,seed-resnet,fer-net-d}
 * (epochs, rows, architectures; defaults 3, 4096 and those four)
 */
public final class CompareArchitectures {
    private CompareArchitectures() {
    }

    /**
     * One architecture's result.
     *
     * @param architecture its registry name
     * @param valAccuracy best validation accuracy
     * @param seconds training time
     */
    public record Row(String architecture, double valAccuracy, double seconds) {
    }

    /**
     * @param csv a FER2013 CSV with Training rows
     * @param epochs epochs per architecture
     * @param rows rows used (5/6 train, 1/6 validation)
     * @param architectures registry names
     * @return one row per architecture
     */
    public static List<Row> compare(Path csv, int epochs, int rows, List<String> architectures) {
        Dataset all = FaceStore.read(Usage.TRAINING, csv).usage(Usage.TRAINING);
        all = all.slice(0, Math.min(rows, all.size()));
        int cut = all.size() * 5 / 6;
        List<Row> out = new ArrayList<>();
        Path tmp;
        try {
            tmp = Files.createTempDirectory("fer4j-compare");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (String arch : architectures) {
                long t0 = System.nanoTime();
                List<EpochRecord> h = new FerTrainer(TrainConfig.builder(arch).optEpochs(epochs).build(), tmp.resolve(arch),
                        Map.of("train_file", csv.getFileName().toString())).optPlots(false)
                        .train(all.slice(0, cut), all.slice(cut, all.size()), false);
                double best = h.stream().mapToDouble(EpochRecord::valAccuracy).max().orElse(0);
                out.add(new Row(arch, best, (System.nanoTime() - t0) / 1e9));
            }
        } finally {
            AtomicOutput.deleteTree(tmp);
        }
        return out;
    }

    /** @param args the CSV, optionally epochs, rows and a comma-separated list of architectures */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: CompareArchitectures <train.csv.gz> [epochs] [rows] [arch,arch,...]");
            System.exit(2);
        }
        try {
            int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
            int rows = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
            List<String> archs = List.of((args.length > 3 ? args[3] : "seed-cnn,seed-vgg,seed-resnet,fer-net-d").split(","));
            System.out.printf("%-14s %14s %10s%n", "architecture", "val accuracy", "seconds");
            for (Row r : compare(Path.of(args[0]), epochs, rows, archs)) {
                System.out.printf("%-14s %14.4f %10.1f%n", r.architecture(), r.valAccuracy(), r.seconds());
            }
        } catch (FerException e) {
            // the library names the file, line or frame and the problem: that line is the whole message
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
