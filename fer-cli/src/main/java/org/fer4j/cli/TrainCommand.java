package org.fer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.fer4j.core.Dataset;
import org.fer4j.data.FaceStore;
import org.fer4j.data.FerPlusReader;
import org.fer4j.data.FerPlusVotes;
import org.fer4j.data.Usage;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelRegistry;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.train.Augmentation;
import org.fer4j.train.FerTrainer;
import org.fer4j.train.TeacherTargets;
import org.fer4j.train.TrainConfig;
import org.fer4j.train.Tta;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fer train}. */
@Command(name = "train", mixinStandardHelpOptions = true, description = {
    "Train a registered model. Writes checkpoint/, best/ (model + card), metrics.json and PNG plots to --out.",
    "Split 'usage' trains on the Training rows of --data and validates on --val (PublicTest);",
    "split 'tutorial' trains on the first 24,000 Training rows and validates on the other 4,709."})
final class TrainCommand implements Callable<Integer> {
    /** Where a run keeps its teachers' targets between sessions (0.8 MB for the 28,709 Training faces). */
    static final String TEACHER_TARGETS_FILE = "teacher-targets.bin";

    @Option(names = "--model", description = "architecture (default: that of the --init weights, else " + ModelRegistry.FER_NET + ")")
    String model;

    @Option(names = "--data", required = true, description = "FER2013 CSV with Training rows")
    Path data;

    @Option(names = "--val", description = "validation CSV (PublicTest rows), for --split usage")
    Path val;

    @Option(names = "--split", defaultValue = "usage", description = "usage or tutorial (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--out", required = true, description = "run folder")
    Path out;

    @Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
    boolean resume;

    @Option(names = "--epochs", defaultValue = "30")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adamw")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.05")
    float lr;

    @Option(names = "--momentum", defaultValue = "0.9")
    float momentum;

    @Option(names = "--no-nesterov", description = "plain momentum instead of Nesterov")
    boolean noNesterov;

    @Option(names = "--weight-decay", defaultValue = "5e-4")
    float weightDecay;

    @Option(names = "--schedule", defaultValue = "cosine", description = "constant, step, cosine or plateau")
    String schedule;

    @Option(names = "--warmup", defaultValue = "1", description = "warm-up epochs")
    int warmup;

    @Option(names = "--label-smoothing", defaultValue = "0.1")
    float labelSmoothing;

    @Option(names = "--class-weights", description = "weight the loss by inverse class frequency")
    boolean classWeights;

    @Option(names = "--augment", defaultValue = "strong", description = "none, tutorial or strong")
    String augment;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--mixup", defaultValue = "0", description = "mixup Beta(a, a) parameter, e.g. 0.2 (default 0: off)")
    float mixup;

    @Option(names = "--cutmix", defaultValue = "0", description = {"cutmix Beta(a, a) parameter, e.g. 1.0 (default 0: off);",
            "with --mixup too, each batch uses one of the two"})
    float cutmix;

    @Option(names = "--ferplus", description = "FER+ votes (fer2013new.csv): mix each Training face's vote distribution into its target")
    Path ferPlus;

    @Option(names = "--ferplus-weight", defaultValue = "0.5", description = "share of the target from the FER+ votes, with --ferplus (default ${DEFAULT-VALUE})")
    float ferPlusWeight;

    @Option(names = "--teacher", split = ",", description = "knowledge distillation: trained model folder(s) or 'default' whose "
            + "averaged probabilities on each Training face are mixed into its target (ONNX Runtime where the folder has model.onnx)")
    List<String> teachers;

    @Option(names = "--teacher-weight", defaultValue = "0.5", description = "share of the target from the teachers, with --teacher (default ${DEFAULT-VALUE})")
    float teacherWeight;

    @Option(names = "--teacher-temperature", defaultValue = "2", description = "softens the teachers' probabilities (default ${DEFAULT-VALUE})")
    float teacherTemperature;

    @Option(names = "--teacher-tta", defaultValue = "flip", description = "views per face the teachers average: none, flip or flip-shift (default ${DEFAULT-VALUE})")
    String teacherTta;

    @Option(names = "--init", description = "start from a trained model's weights instead of random ones: a model folder or 'default'"
            + " (fine-tuning, or a new schedule cycle on a finished run); its architecture must be --model's, if given")
    String init;

    @Option(names = "--limit", description = "use only the first N training rows (quick runs)")
    Integer limit;

    @Option(names = "--keep-epochs", description = "also keep every epoch's weights in <out>/epochs/epoch-NNN (for fer average)")
    boolean keepEpochs;

    @Spec
    CommandSpec spec;

    @Option(names = "--session-epochs", description = "stop after this many epochs now, leaving a checkpoint for --resume (long runs over several sessions)")
    Integer sessionEpochs;

    @Override
    public Integer call() {
        TrainConfig config = TrainConfig.builder(architecture()).optEpochs(epochs).optBatchSize(batchSize)
                .optOptimizer(TrainConfig.OptimizerKind.valueOf(optimizer.toUpperCase(Locale.ROOT)))
                .optLearningRate(lr).optMomentum(momentum).optNesterov(!noNesterov).optWeightDecay(weightDecay)
                .optSchedule(TrainConfig.Schedule.valueOf(schedule.toUpperCase(Locale.ROOT))).optWarmupEpochs(warmup)
                .optLabelSmoothing(labelSmoothing).optClassWeights(classWeights).optAugmentation(augmentation(augment))
                .optSeed(seed).optMixup(mixup).optCutmix(cutmix).optSoftLabelWeight(softLabelWeight()).build();
        FaceStore store = FaceStore.read(Usage.TRAINING, data);
        Dataset train;
        Dataset validation;
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("train_file", data.getFileName().toString());
        if (split.equals("tutorial")) {
            Dataset[] s = store.tutorialSplit();
            train = s[0];
            validation = s[1];
            desc.put("split", "tutorial: first 24,000 Training rows / remaining 4,709");
        } else if (split.equals("usage")) {
            if (val == null) {
                throw new IllegalArgumentException("--split usage needs --val <csv with PublicTest rows>");
            }
            train = store;
            validation = FaceStore.read(Usage.PUBLIC_TEST, val);
            desc.put("validation_file", val.getFileName().toString());
            desc.put("split", "Training rows / PublicTest rows");
        } else {
            throw new IllegalArgumentException("--split must be usage or tutorial, got " + split);
        }
        if (limit != null && limit < train.size()) {
            train = train.slice(0, limit);
            desc.put("limit", limit);
        }
        desc.put("train_faces", train.size());
        desc.put("validation_faces", validation.size());
        float[][] soft = null;
        if (ferPlus != null) {
            soft = ferPlusDistributions(store.size(), train.size());
            desc.put("ferplus_file", ferPlus.getFileName().toString());
        } else if (teachers != null) {
            List<String> teacherCards = teachers.stream().map(TrainCommand::teacherProvenance).toList();
            soft = teacherDistributions(train, teacherCards);
            desc.put("teachers", teacherCards);
            desc.put("teacher_temperature", teacherTemperature);
            desc.put("teacher_tta", Tta.parse(teacherTta).label());
        }
        FerTrainer trainer = new FerTrainer(config, out, desc);
        if (soft != null) {
            trainer.optSoftLabels(soft);
        }
        if (sessionEpochs != null) {
            trainer.optSessionEpochs(sessionEpochs);
        }
        trainer.optKeepEpochs(keepEpochs);
        if (init != null) {
            trainer.optInitialWeights(modelDir(init));
        }
        int done = trainer.train(train, validation, resume).size();
        if (done < epochs) {
            // a paused run is not a finished one: say so, and how to go on, so nobody ships a half-cooled schedule
            out().printf("paused after epoch %d of %d: best so far in %s; checkpoint in %s;%n"
                    + "continue with the same command plus --resume (%d epochs left)%n",
                    done, epochs, out.resolve("best"), out.resolve("checkpoint"), epochs - done);
        } else {
            out().println("done: " + epochs + " epochs; best model in " + out.resolve("best"));
        }
        return 0;
    }

    /** The command line's output, which a caller (or a test) may redirect. */
    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private float softLabelWeight() {
        if (ferPlus != null && teachers != null) {
            throw new IllegalArgumentException("use --ferplus or --teacher, not both: each supplies the soft half of the target");
        }
        return ferPlus != null ? ferPlusWeight : teachers != null ? teacherWeight : 0f;
    }

    /** Without --model, a run that starts from trained weights trains their architecture (the bundled one is fer-net-d). */
    private String architecture() {
        if (model != null) {
            return model;
        }
        return init != null ? ModelCard.read(modelDir(init)).architecture() : ModelRegistry.FER_NET;
    }

    /** @return the folder of a model named on the command line: a path or 'default' (the bundled model) */
    private static Path modelDir(String name) {
        return name.equals("default") ? ExpressionClassifiers.bundledModelDir() : Path.of(name);
    }

    /** Identifies a teacher by its model card, not by a machine path. */
    private static String teacherProvenance(String teacher) {
        return ModelCard.read(modelDir(teacher)).provenance();
    }

    /**
     * Runs every teacher over the training faces before the first epoch, and keeps the targets in the run's folder so
     * that a resumed run (or a new run in that folder with the same teachers) reads them instead of recomputing them.
     */
    private float[][] teacherDistributions(Dataset train, List<String> teacherCards) {
        Tta views = Tta.parse(teacherTta);
        Path saved = out.resolve(TEACHER_TARGETS_FILE);
        String madeBy = String.join("; ", teacherCards) + " | views " + views.label() + " | temperature " + teacherTemperature;
        Optional<float[][]> kept = TeacherTargets.read(saved, madeBy, train);
        float[][] soft;
        if (kept.isPresent()) {
            soft = kept.get();
            out().printf("teacher targets read from %s%n", saved);
        } else {
            soft = runTeachers(train, views);
            TeacherTargets.write(saved, madeBy, train, soft);
        }
        out().printf("teacher targets for %,d faces from %d teacher(s): their top class matches the FER2013 label on %.1f%%%n",
                train.size(), teachers.size(), 100 * TeacherTargets.agreement(soft, train));
        return soft;
    }

    private float[][] runTeachers(Dataset train, Tta views) {
        List<DjlExpressionClassifier> opened = new ArrayList<>();
        try {
            for (String t : teachers) {
                ModelOptions m = new ModelOptions();
                m.model = t;
                boolean onnx = Files.isRegularFile(modelDir(t).resolve(ExpressionClassifiers.ONNX_FILE));
                m.engine = onnx ? "onnxruntime" : "pytorch";
                if (!onnx) {
                    // measured on 2 cores: the same fer-net-d teacher took 590 s on ONNX Runtime, 1,423 s on PyTorch
                    out().printf("teacher %s has no %s, so it runs on PyTorch (about 2.4x slower here for this pass); "
                            + "'fer export --model %s' first makes it run on ONNX Runtime%n", t, ExpressionClassifiers.ONNX_FILE, t);
                }
                opened.add(m.open());
            }
            return TeacherTargets.of(opened, train, 256, views, teacherTemperature);
        } finally {
            opened.forEach(DjlExpressionClassifier::close);
        }
    }

    /** FER+ rows are aligned with FER2013 rows by position; the training faces are a prefix of the Training rows. */
    private float[][] ferPlusDistributions(int trainingRows, int faces) {
        List<FerPlusVotes> votes = FerPlusReader.ofUsage(FerPlusReader.read(ferPlus), Usage.TRAINING);
        if (votes.size() != trainingRows) {
            throw new IllegalArgumentException(ferPlus + " has " + votes.size() + " Training rows but " + data + " has " + trainingRows
                    + "; FER+ aligns with FER2013 by row position, so both must be complete");
        }
        float[][] d = new float[faces][];
        int none = 0;
        for (int i = 0; i < faces; i++) {
            d[i] = votes.get(i).distribution();
            none += d[i][0] + d[i][1] + d[i][2] + d[i][3] + d[i][4] + d[i][5] + d[i][6] == 0 ? 1 : 0;
        }
        out().printf("FER+ soft labels for %,d faces (%d without a seven-class vote keep their FER2013 label alone)%n", faces, none);
        return d;
    }

    static Augmentation augmentation(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> Augmentation.NONE;
            case "tutorial" -> Augmentation.TUTORIAL;
            case "strong" -> Augmentation.STRONG;
            default -> throw new IllegalArgumentException("--augment must be none, tutorial or strong, got " + name);
        };
    }
}
