package org.fer4j.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.fer4j.core.Dataset;
import org.fer4j.core.Emotion;
import org.fer4j.core.FaceImage;
import org.fer4j.core.io.AtomicOutput;
import org.fer4j.models.ConvolutionFaultProbe;
import org.fer4j.models.FerModelException;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.fer4j.models.ModelRegistry;
import org.fer4j.models.ModelSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;

/**
 * Trains a registered architecture on the PyTorch engine (GPU when DJL reports one, else CPU), validating every
 * epoch, and keeps in {@code runDir}:
 * <ul>
 *   <li>{@code checkpoint/}: weights, optimizer state and loop state after the last finished epoch; {@code resume}
 *       continues from it exactly (same data order, augmentation, dropout stream and learning-rate position);</li>
 *   <li>{@code best/}: the model with the best validation accuracy, with its {@code model-card.json};</li>
 *   <li>{@code metrics.json}: one record per epoch, and the PNG curves and confusion matrix ({@link Plots}).</li>
 * </ul>
 */
public final class FerTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(FerTrainer.class);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private final TrainConfig config;
    private final Path runDir;
    private final Map<String, Object> dataDescription;
    private Device device = Engine.getInstance().defaultDevice();
    private int logEvery = 50;
    private int sessionEpochs = Integer.MAX_VALUE;
    private boolean keepEpochs;
    /** The validation of the epoch just run, kept so that a best epoch's report is not computed twice. */
    private EvaluationReport lastValidation;
    private float[][] softLabels;
    private Path initialWeights;

    /**
     * @param config the run's settings
     * @param runDir folder for checkpoints, best model, metrics and plots
     * @param dataDescription what the data is, recorded in the model card (files, splits, sizes)
     */
    public FerTrainer(TrainConfig config, Path runDir, Map<String, Object> dataDescription) {
        this.config = config;
        this.runDir = runDir;
        this.dataDescription = new LinkedHashMap<>(dataDescription);
    }

    /** @param d device to train on (default: DJL's default device) @return this */
    public FerTrainer optDevice(Device d) {
        this.device = d;
        return this;
    }

    /**
     * FER+ vote distributions of the training faces, mixed into the targets with {@link TrainConfig#softLabelWeight()}.
     *
     * @param perFace for each index of the training dataset its seven-class distribution ({@code FerPlusVotes.distribution()}),
     *     all zeros where FER+ has none (that face keeps its FER2013 label alone)
     * @return this
     */
    public FerTrainer optSoftLabels(float[][] perFace) {
        this.softLabels = perFace;
        return this;
    }

    /** @param steps log progress every this many steps @return this */
    public FerTrainer optLogEvery(int steps) {
        this.logEvery = steps;
        return this;
    }

    /**
     * Stops after this many epochs in this call, leaving a checkpoint to resume from; for runs that span sessions.
     *
     * @param epochs epochs to train now
     * @return this
     */
    public FerTrainer optSessionEpochs(int epochs) {
        this.sessionEpochs = epochs;
        return this;
    }

    /**
     * Also keeps every epoch's weights, in {@code epochs/epoch-NNN/} of the run folder (model + card), for weight
     * averaging of the run's last epochs ({@link WeightAveraging}). Off by default: each copy is a full model.
     *
     * @param keep whether to keep them
     * @return this
     */
    public FerTrainer optKeepEpochs(boolean keep) {
        this.keepEpochs = keep;
        return this;
    }

    /**
     * Starts from a trained model's weights instead of random ones: fine-tuning on other data, or a new schedule cycle
     * on a finished run. The run's own checkpoint, when resuming, takes precedence. The model card of every model this
     * run writes names the starting model ({@code initialised_from}).
     *
     * @param modelDir a model folder whose card names this run's architecture
     * @return this
     * @throws FerModelException when the folder is not a model folder or holds another architecture
     */
    public FerTrainer optInitialWeights(Path modelDir) {
        ModelCard card = ModelCard.read(modelDir);
        if (!card.architecture().equals(config.model())) {
            throw new FerModelException(modelDir.toString(), "holds a '" + card.architecture() + "' model; this run trains '"
                    + config.model() + "', so its weights cannot start it");
        }
        this.initialWeights = modelDir;
        dataDescription.put("initialised_from", card.provenance());
        return this;
    }

    /** Loop state saved with each checkpoint. */
    private static final class LoopState {
        int epochsDone;
        double bestAccuracy = -1;
        int bestEpoch;
        float plateauFactor = 1f;
        int epochsSinceBest;
        List<EpochRecord> history = new ArrayList<>();
        Map<String, Object> config;
    }

    /**
     * Trains until {@code config.epochs()} epochs are done.
     *
     * @param train training faces
     * @param validation validation faces (selection only; never trained on)
     * @param resume continue from {@code runDir/checkpoint} when it exists
     * @return one record per epoch, including those of earlier sessions
     * @throws FerModelException naming the weights file when the checkpoint's or the initial weights
     *     are missing, truncated or do not fit {@code config.model()}
     * @throws TrainingDivergedException at the first non-finite batch loss, before that epoch saves anything
     */
    public List<EpochRecord> train(Dataset train, Dataset validation, boolean resume) {
        ModelSpec spec = ModelRegistry.get(config.model());
        if (config.softLabelWeight() > 0 && (softLabels == null || softLabels.length != train.size())) {
            throw new IllegalArgumentException("soft label weight " + config.softLabelWeight() + " needs one soft-label distribution per training face"
                    + " (optSoftLabels): got " + (softLabels == null ? "none" : softLabels.length + " for " + train.size() + " faces"));
        }
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + runDir, e);
        }
        float[] weights = config.classWeights() ? inverseFrequency(train) : null;
        ResumableOptimizer optimizer = new ResumableOptimizer(config);
        DefaultTrainingConfig djl = TrainingStep.trainingConfig(config, weights, optimizer, device);
        try (Model model = Model.newInstance(spec.name(), device, "PyTorch")) {
            model.setBlock(spec.newBlock());
            LoopState st = new LoopState();
            Path ckpt = checkpointDir();
            if (ckpt != null && !resume) {
                throw new IllegalStateException(runDir + " already holds a checkpoint; pass resume or choose another folder");
            }
            if (ckpt != null) {
                // weights go in before the trainer initializes, which keeps loaded arrays and marks them for gradients
                st = restoreState(ckpt);
                ModelFiles.loadWeights(model, ckpt, config.model());
                ModelFiles.checkReference(model, ckpt);
            } else if (initialWeights != null) {
                ModelFiles.loadWeights(model, initialWeights, config.model());
                ModelFiles.checkReference(model, initialWeights);
                LOG.info("starting from the weights of {} ({})", dataDescription.get("initialised_from"), initialWeights);
            }
            // seeded after any load, so the random stream (initial weights, dropout) does not depend on what was loaded
            Engine.getInstance().setRandomSeed((int) config.seed());
            try (Trainer trainer = new Trainer(model, djl)) {
                trainer.initialize(new Shape(config.batchSize(), 1, FaceImage.SIZE, FaceImage.SIZE));
                optimizer.bind(model.getBlock());
                if (ckpt != null) {
                    try (InputStream in = Files.newInputStream(ckpt.resolve("optimizer.bin"))) {
                        optimizer.load(in, model.getNDManager());
                    }
                    LOG.info("resumed from {} after epoch {} (best validation accuracy {} at epoch {})", ckpt, st.epochsDone,
                            String.format("%.4f", st.bestAccuracy), st.bestEpoch);
                }
                st.config = config.asMap();
                writeJson(runDir.resolve("config.json"), config.asMap());
                int stopAt = (int) Math.min(config.epochs(), (long) st.epochsDone + sessionEpochs);
                int firstEpoch = st.epochsDone;
                double sessionSeconds = 0;
                for (int epoch = st.epochsDone; epoch < stopAt; epoch++) {
                    EpochRecord rec = runEpoch(new TrainingStep(trainer, optimizer), model, train, validation, epoch, st);
                    st.history.add(rec);
                    st.epochsDone = epoch + 1;
                    boolean best = rec.valAccuracy() > st.bestAccuracy;
                    if (best) {
                        st.bestAccuracy = rec.valAccuracy();
                        st.bestEpoch = rec.epoch();
                        st.epochsSinceBest = 0;
                    } else if (++st.epochsSinceBest >= config.patience() && config.schedule() == TrainConfig.Schedule.PLATEAU) {
                        st.plateauFactor *= config.decay();
                        st.epochsSinceBest = 0;
                        LOG.info("validation accuracy flat for {} epochs: learning rate x{}", config.patience(), config.decay());
                    }
                    EvaluationReport report = lastValidation;
                    if (best) {
                        ModelFiles.save(model, card(spec, st, report), runDir.resolve("best"));
                        writeJson(runDir.resolve("best").resolve("validation.json"), report.asMap());
                        plot(() -> Plots.confusionMatrix(report.matrix(), "validation, epoch " + rec.epoch(),
                                runDir.resolve("confusion-matrix.png")));
                    }
                    if (keepEpochs) {
                        ModelFiles.save(model, card(spec, st, report), runDir.resolve("epochs").resolve(String.format("epoch-%03d", rec.epoch())));
                    }
                    saveCheckpoint(model, optimizer, spec, st);
                    writeJson(runDir.resolve("metrics.json"), st.history);
                    List<EpochRecord> history = List.copyOf(st.history);
                    plot(() -> Plots.curves(history, runDir));
                    sessionSeconds += rec.seconds();
                    double perEpoch = sessionSeconds / (st.epochsDone - firstEpoch);
                    LOG.info(String.format("epoch %d/%d done: train loss %.4f acc %.4f | val loss %.4f acc %.4f macro-F1 %.4f%s | %.0f s, %.0f img/s%s",
                            rec.epoch(), config.epochs(), rec.trainLoss(), rec.trainAccuracy(), rec.valLoss(), rec.valAccuracy(),
                            rec.valMacroF1(), best ? " (best)" : "", rec.seconds(), rec.trainImagesPerSecond(),
                            timeLeft(stopAt - st.epochsDone, config.epochs() - st.epochsDone, perEpoch)));
                }
                return st.history;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("training run in " + runDir + " failed: " + e.getMessage(), e);
        }
    }

    private EpochRecord runEpoch(TrainingStep step, Model model, Dataset train, Dataset validation, int epoch, LoopState st) {
        long t0 = System.nanoTime();
        Engine.getInstance().setRandomSeed((int) (config.seed() * 1000 + epoch));
        int[] order = shuffled(train.size(), config.seed() * 7919 + epoch);
        int steps = (order.length + config.batchSize() - 1) / config.batchSize();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        float lr = 0;
        Augmenter aug = new Augmenter(config.augmentation());
        ModelSpec spec = ModelRegistry.get(config.model());
        BatchSource.Targets targets = new BatchSource.Targets(softLabels, config.softLabelWeight(), config.mixupAlpha(),
                config.cutmixAlpha());
        try (BatchSource src = new BatchSource(train, order, config.batchSize(), spec.preprocessing(), aug, config.seed(), epoch, targets)) {
            for (BatchSource.Batch b; (b = src.next()) != null;) {
                lr = LearningRates.at(config, epoch, b.index(), steps, st.plateauFactor);
                TrainingStep.Result r = step.run(b.x(), b.y(), b.t(), b.size(), lr);
                if (!Double.isFinite(r.loss())) {
                    throw diverged(epoch, b.index(), steps, r.loss(), lr, st);
                }
                lossSum += r.loss() * b.size();
                correct += r.correct();
                seen += b.size();
                if (logEvery > 0 && (b.index() + 1) % logEvery == 0) {
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double ips = seen / secs;
                    LOG.info(String.format("epoch %d/%d batch %d/%d loss %.4f acc %.4f lr %.5f | %.0f img/s, epoch ETA %.0f s",
                            epoch + 1, config.epochs(), b.index() + 1, steps, lossSum / seen, (double) correct / seen, lr, ips,
                            (order.length - seen) / ips));
                }
            }
        }
        double trainSecs = (System.nanoTime() - t0) / 1e9;
        EvaluationReport val = ModelEvaluator.evaluate(model, spec.preprocessing(), validation, 256, false);
        lastValidation = val;
        double secs = (System.nanoTime() - t0) / 1e9;
        return new EpochRecord(epoch + 1, lr, lossSum / seen, (double) correct / seen, val.loss(), val.matrix().accuracy(),
                val.matrix().macroF1(), secs, seen / trainSecs);
    }

    private TrainingDivergedException diverged(int epoch, int batch, int steps, double loss, float lr, LoopState st) {
        String kept = st.epochsDone == 0 ? "no epoch had finished, so nothing was saved"
                : "nothing of this epoch was saved; " + runDir.resolve("checkpoint") + " still holds epoch " + st.epochsDone;
        // A fault the probe finds replaces the generic guess, so the message points to the README once.
        String fault = ConvolutionFaultProbe.explainFor(device);
        String why = fault.isEmpty() ? " Either the learning rate is too high, or the engine computes wrong numbers on this"
                + " CPU (README, Troubleshooting)." : fault;
        return new TrainingDivergedException(epoch + 1, batch + 1, String.format(
                "training diverged: loss %s at epoch %d, batch %d of %d (learning rate %.5g); %s.%s",
                loss, epoch + 1, batch + 1, steps, lr, kept, why));
    }

    private ModelCard card(ModelSpec spec, LoopState st, EvaluationReport report) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("validation_accuracy", report.matrix().accuracy());
        metrics.put("validation_macro_f1", report.matrix().macroF1());
        metrics.put("best_epoch", st.bestEpoch);
        return new ModelCard(spec.name(), spec.preprocessing(), dataDescription, config.asMap(), metrics, config.seed(),
                Instant.now().toString(), st.epochsDone);
    }

    private Path checkpointDir() {
        Path c = runDir.resolve("checkpoint");
        if (Files.isRegularFile(c.resolve("state.json"))) {
            return c;
        }
        Path prev = runDir.resolve("checkpoint-prev");
        return Files.isRegularFile(prev.resolve("state.json")) ? prev : null;
    }

    /** Writes the checkpoint beside the old one, then swaps, so a crash never leaves only a half-written one. */
    private void saveCheckpoint(Model model, ResumableOptimizer optimizer, ModelSpec spec, LoopState st) throws IOException {
        Path next = runDir.resolve("checkpoint-next");
        AtomicOutput.deleteTree(next);
        ModelFiles.save(model, new ModelCard(spec.name(), spec.preprocessing(), dataDescription, config.asMap(), Map.of(),
                config.seed(), Instant.now().toString(), st.epochsDone), next);
        try (OutputStream out = Files.newOutputStream(next.resolve("optimizer.bin"))) {
            optimizer.save(out);
        }
        writeJson(next.resolve("state.json"), st);
        Path cur = runDir.resolve("checkpoint");
        Path prev = runDir.resolve("checkpoint-prev");
        AtomicOutput.deleteTree(prev);
        if (Files.exists(cur)) {
            Files.move(cur, prev);
        }
        Files.move(next, cur);
        AtomicOutput.deleteTree(prev);
    }

    private LoopState restoreState(Path ckpt) throws IOException {
        LoopState st = GSON.fromJson(Files.readString(ckpt.resolve("state.json")), LoopState.class);
        Map<String, Object> saved = st.config;
        Map<String, Object> now = GSON.fromJson(GSON.toJson(config.asMap()), new TypeToken<Map<String, Object>>() { }.getType());
        if (saved != null && !saved.equals(now)) {
            LOG.warn("resuming with a different config than the checkpoint's; the run is no longer one exact run.\n was: {}\n now: {}",
                    saved, now);
        }
        return st;
    }

    /** Plots are a convenience: a machine without fonts must not lose a training run over them. */
    private static void plot(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("could not draw a plot ({}); training goes on", e.toString());
        }
    }

    /**
     * @param sessionLeft epochs this call still runs
     * @param runLeft epochs the run still needs
     * @param perEpoch seconds per epoch so far in this call
     * @return the expected time left, for the epoch log line; empty when nothing is left
     */
    static String timeLeft(int sessionLeft, int runLeft, double perEpoch) {
        if (runLeft == 0) {
            return "";
        }
        String run = duration(runLeft * perEpoch);
        if (sessionLeft == 0) {
            return ", pausing: the run needs about " + run + " more";
        }
        return sessionLeft < runLeft ? ", session ETA " + duration(sessionLeft * perEpoch) + ", run ETA " + run : ", run ETA " + run;
    }

    /** "25 min", or "1.6 h" from 90 minutes on: the one rendering of time left in training logs. */
    static String duration(double seconds) {
        return seconds < 5400 ? String.format("%.0f min", seconds / 60) : String.format("%.1f h", seconds / 3600);
    }

    /** @return a permutation of 0 .. n-1 fixed by the seed (an epoch's order of faces) */
    static int[] shuffled(int n, long seed) {
        return BatchSource.shuffled(n, new Random(seed)::nextInt);
    }

    /** Weights n / (7 * count_c), normalised to mean 1 over the faces. */
    static float[] inverseFrequency(Dataset d) {
        int[] counts = d.classCounts();
        float[] w = new float[Emotion.COUNT];
        for (int c = 0; c < w.length; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) d.size() / (Emotion.COUNT * counts[c]);
        }
        return w;
    }

    private static void writeJson(Path file, Object value) {
        byte[] json = GSON.toJson(value).getBytes(StandardCharsets.UTF_8);
        AtomicOutput.writeFile(file, out -> out.write(json));
    }
}
