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
import org.fer4j.data.Usage;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelRegistry;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.train.Augmentation;
import org.fer4j.train.CheckpointStore;
import org.fer4j.train.FerTrainer;
import org.fer4j.train.TeacherTargets;
import org.fer4j.train.SoftTargets;
import org.fer4j.train.TrainConfig;
import org.fer4j.train.Tta;

import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fer train}. */
@Command(name = "train", mixinStandardHelpOptions = true, defaultValueProvider = TrainCommand.Defaults.class, description = {
    "Train a registered model. Writes checkpoint/, best/ (model + card), metrics.json and PNG plots to --out.",
    "Split 'usage' trains on the Training rows of --data and validates on --val (PublicTest);",
    "split 'tutorial' trains on the first 24,000 Training rows and validates on the other 4,709."})
final class TrainCommand implements Callable<Integer> {
    /**
     * The training defaults come from the library ({@link TrainConfig#builder}, {@link SoftTargets}), never from here, so
     * the command line and the API cannot drift apart.
     */
    static final class Defaults implements IDefaultValueProvider {
        private static final TrainConfig CONFIG = TrainConfig.builder(ModelRegistry.FER_NET).build();

        @Override
        public String defaultValue(ArgSpec arg) {
            if (!arg.isOption()) {
                return null;
            }
            return switch (((OptionSpec) arg).longestName()) {
                case "--epochs" -> String.valueOf(CONFIG.epochs());
                case "--batch-size" -> String.valueOf(CONFIG.batchSize());
                case "--optimizer" -> CONFIG.optimizer().name().toLowerCase(Locale.ROOT);
                case "--lr" -> String.valueOf(CONFIG.learningRate());
                case "--momentum" -> String.valueOf(CONFIG.momentum());
                case "--weight-decay" -> String.valueOf(CONFIG.weightDecay());
                case "--schedule" -> CONFIG.schedule().name().toLowerCase(Locale.ROOT);
                case "--warmup" -> String.valueOf(CONFIG.warmupEpochs());
                case "--label-smoothing" -> String.valueOf(CONFIG.labelSmoothing());
                case "--augment" -> CONFIG.augmentation().presetName().orElseThrow();
                case "--seed" -> String.valueOf(CONFIG.seed());
                case "--mixup" -> String.valueOf(CONFIG.mixupAlpha());
                case "--cutmix" -> String.valueOf(CONFIG.cutmixAlpha());
                case "--ferplus-weight", "--teacher-weight" -> String.valueOf(SoftTargets.DEFAULT_WEIGHT);
                case "--teacher-temperature" -> String.valueOf(SoftTargets.DEFAULT_TEACHER_TEMPERATURE);
                case "--teacher-tta" -> SoftTargets.DEFAULT_TEACHER_VIEWS.label();
                default -> null;
            };
        }
    }

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

    @Option(names = "--epochs", description = "default ${DEFAULT-VALUE}")
    int epochs;

    @Option(names = "--batch-size", description = "default ${DEFAULT-VALUE}")
    int batchSize;

    @Option(names = "--optimizer", description = "sgd or adamw (default ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--lr", description = "peak learning rate (default ${DEFAULT-VALUE})")
    float lr;

    @Option(names = "--momentum", description = "default ${DEFAULT-VALUE}")
    float momentum;

    @Option(names = "--no-nesterov", description = "plain momentum instead of Nesterov")
    boolean noNesterov;

    @Option(names = "--weight-decay", description = "default ${DEFAULT-VALUE}")
    float weightDecay;

    @Option(names = "--schedule", description = "constant, step, cosine or plateau (default ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--warmup", description = "warm-up epochs (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--label-smoothing", description = "default ${DEFAULT-VALUE}")
    float labelSmoothing;

    @Option(names = "--class-weights", description = "weight the loss by inverse class frequency")
    boolean classWeights;

    @Option(names = "--augment", description = "none, tutorial or strong (default ${DEFAULT-VALUE})")
    String augment;

    @Option(names = "--seed", description = "default ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--mixup", description = "mixup Beta(a, a) parameter, e.g. 0.2 (default ${DEFAULT-VALUE}: off)")
    float mixup;

    @Option(names = "--cutmix", description = {"cutmix Beta(a, a) parameter, e.g. 1.0 (default ${DEFAULT-VALUE}: off);",
            "with --mixup too, each batch uses one of the two"})
    float cutmix;

    @Option(names = "--ferplus", description = "FER+ votes (fer2013new.csv): mix each Training face's vote distribution into its target")
    Path ferPlus;

    @Option(names = "--ferplus-weight", description = "share of the target from the FER+ votes, with --ferplus (default ${DEFAULT-VALUE})")
    float ferPlusWeight;

    @Option(names = "--teacher", split = ",", description = "knowledge distillation: trained model folder(s) or 'default' whose "
            + "averaged probabilities on each Training face are mixed into its target (ONNX Runtime where the folder has model.onnx)")
    List<String> teachers;

    @Option(names = "--teacher-weight", description = "share of the target from the teachers, with --teacher (default ${DEFAULT-VALUE})")
    float teacherWeight;

    @Option(names = "--teacher-temperature", description = "softens the teachers' probabilities (default ${DEFAULT-VALUE})")
    float teacherTemperature;

    @Option(names = "--teacher-tta", description = "views per face the teachers average: none, flip or flip-shift (default ${DEFAULT-VALUE})")
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
                .optLabelSmoothing(labelSmoothing).optClassWeights(classWeights).optAugmentation(Augmentation.parse(augment))
                .optSeed(seed).optMixup(mixup).optCutmix(cutmix).optSoftLabelWeight(softLabelWeight()).build();
        if (!resume && new CheckpointStore(out).latest().isPresent()) {
            throw new IllegalArgumentException(out + " already holds a checkpoint; add --resume to continue it, or choose another --out");
        }
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
        SoftTargets soft = null;
        if (ferPlus != null) {
            soft = SoftTargets.ferPlus(FerPlusReader.ofUsage(FerPlusReader.read(ferPlus), Usage.TRAINING), store.size(), train.size(),
                    ferPlus.getFileName().toString());
            out().printf("FER+ soft labels for %,d faces (%d without a seven-class vote keep their FER2013 label alone)%n",
                    soft.size(), soft.withoutDistribution());
        } else if (teachers != null) {
            List<String> teacherCards = teachers.stream().map(t -> ModelCard.read(ExpressionClassifiers.modelDir(t)).identity()).toList();
            soft = teacherTargets(train, teacherCards);
        }
        FerTrainer trainer = new FerTrainer(config, out, desc);
        if (soft != null) {
            trainer.optSoftTargets(soft);
        }
        trainer.optDataFiles(split.equals("usage") ? new Path[] {data, val} : new Path[] {data});
        if (sessionEpochs != null) {
            trainer.optSessionEpochs(sessionEpochs);
        }
        trainer.optKeepEpochs(keepEpochs);
        if (init != null) {
            trainer.optInitialWeights(ExpressionClassifiers.modelDir(init));
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
        return init != null ? ModelCard.read(ExpressionClassifiers.modelDir(init)).architecture() : ModelRegistry.FER_NET;
    }

    /**
     * Runs every teacher over the training faces before the first epoch, and keeps the targets in the run's folder so
     * that a resumed run (or a new run in that folder with the same teachers) reads them instead of recomputing them.
     */
    private SoftTargets teacherTargets(Dataset train, List<String> teacherCards) {
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
        return SoftTargets.teachers(soft, views, teacherTemperature, teacherCards);
    }

    private float[][] runTeachers(Dataset train, Tta views) {
        List<DjlExpressionClassifier> opened = new ArrayList<>();
        try {
            for (String t : teachers) {
                // the library's default engine: ONNX Runtime where the folder has a graph, else PyTorch
                boolean onnx = Files.isRegularFile(ExpressionClassifiers.modelDir(t).resolve(ExpressionClassifiers.ONNX_FILE));
                if (!onnx) {
                    // measured on 2 cores: the same fer-net-d teacher took 590 s on ONNX Runtime, 1,423 s on PyTorch
                    out().printf("teacher %s has no %s, so it runs on PyTorch (about 2.4x slower here for this pass); "
                            + "'fer export --model %s' first makes it run on ONNX Runtime%n", t, ExpressionClassifiers.ONNX_FILE, t);
                }
                opened.add(ExpressionClassifiers.builder().optModel(t).build());
            }
            return TeacherTargets.of(opened, train, 256, views, teacherTemperature);
        } finally {
            opened.forEach(DjlExpressionClassifier::close);
        }
    }
}
