package org.fer4j.examples;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.fer4j.core.Dataset;
import org.fer4j.core.FerException;
import org.fer4j.data.FaceStore;
import org.fer4j.data.Usage;
import org.fer4j.train.Augmentation;
import org.fer4j.train.EpochRecord;
import org.fer4j.train.FerTrainer;
import org.fer4j.train.TrainConfig;

/**
 * Trains the tutorial's CNN ({@code seed-cnn}) on FER2013 with the tutorial's recipe (plain SGD at 0.1, no augmentation,
 * first 24,000 Training rows to train, the other 4,709 to validate) and draws its loss and accuracy curves
 * ({@code loss.png}, {@code accuracy.png}) into the run folder beside the best model.
 *
 * <p>Run: {@code examples/run TrainTutorialCnn ../shared/data/fer2013/train.csv.gz runs/tutorial-cnn 100}
 * (epochs, default 100; a fourth argument trains on only that many rows, 5/6 of them for training, for a quick look)
 */
public final class TrainTutorialCnn {
    private TrainTutorialCnn() {
    }

    /**
     * @param csv a FER2013 CSV with Training rows
     * @param runDir the run folder (checkpoints, best model, metrics.json, plots)
     * @param epochs epochs to train
     * @param rows rows to use, 0 for all with the tutorial's split
     * @return one record per epoch
     */
    public static List<EpochRecord> train(Path csv, Path runDir, int epochs, int rows) {
        FaceStore store = FaceStore.read(Usage.TRAINING, csv);
        Dataset train;
        Dataset validation;
        if (rows <= 0) {
            Dataset[] split = store.tutorialSplit();
            train = split[0];
            validation = split[1];
        } else {
            Dataset all = store.usage(Usage.TRAINING).slice(0, Math.min(rows, store.size()));
            int cut = all.size() * 5 / 6;
            train = all.slice(0, cut);
            validation = all.slice(cut, all.size());
        }
        TrainConfig recipe = TrainConfig.builder("seed-cnn").optEpochs(epochs).optLearningRate(0.1f).optMomentum(0).optNesterov(false)
                .optWeightDecay(0).optSchedule(TrainConfig.Schedule.CONSTANT).optWarmupEpochs(0).optLabelSmoothing(0)
                .optAugmentation(Augmentation.NONE).build();
        return new FerTrainer(recipe, runDir, Map.of("train_file", csv.getFileName().toString(), "split", "tutorial"))
                .train(train, validation, false);
    }

    /** @param args the CSV, the run folder, optionally epochs and rows */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: TrainTutorialCnn <train.csv.gz> <run folder> [epochs] [rows]");
            System.exit(2);
        }
        try {
            int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 100;
            int rows = args.length > 3 ? Integer.parseInt(args[3]) : 0;
            List<EpochRecord> history = train(Path.of(args[0]), Path.of(args[1]), epochs, rows);
            EpochRecord last = history.get(history.size() - 1);
            System.out.printf("%d epochs, validation accuracy %.4f; curves in %s%n", history.size(), last.valAccuracy(),
                    Path.of(args[1]).resolve("accuracy.png"));
        } catch (FerException e) {
            // the library names the file, line or frame and the problem: that line is the whole message
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
