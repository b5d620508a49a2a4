package org.fer4j.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.fer4j.core.Dataset;
import org.fer4j.core.Emotion;
import org.fer4j.core.FaceImage;
import org.fer4j.data.FerDataException;
import org.fer4j.models.ConvolutionFaultProbe;
import org.fer4j.models.FerModelException;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.fer4j.models.ModelRegistry;
import org.fer4j.models.ModelSpec;
import org.fer4j.models.Provenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;

/**
 * The training loop: trains a registered architecture on the PyTorch engine (GPU when DJL reports one, else CPU),
 * validating every epoch. What is kept in the run folder, which model is best and how a run resumes is the
 * {@link CheckpointStore}'s; progress lines and plots are {@link TrainingListener}s ({@link ProgressLog} and
 * {@link TrainingPlots} by default), to which more can be added.
 */
public final class FerTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(FerTrainer.class);

    private final TrainConfig config;
    private final CheckpointStore store;
    private final Map<String, Object> dataDescription;
    private final List<Path> dataFiles = new ArrayList<>();
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Device device = Engine.getInstance().defaultDevice();
    private int logEvery = 50;
    private boolean plots = true;
    private int sessionEpochs = Integer.MAX_VALUE;
    private boolean keepEpochs;
    private SoftTargets softTargets;
    private Path initialWeights;

    /**
     * @param config the run's settings
     * @param runDir folder for checkpoints, best model, metrics and plots
     * @param dataDescription what the data is, recorded in the model card (files, splits, sizes)
     */
    public FerTrainer(TrainConfig config, Path runDir, Map<String, Object> dataDescription) {
        this.config = config;
        this.store = new CheckpointStore(runDir);
        this.dataDescription = new LinkedHashMap<>(dataDescription);
    }

    /** @param d device to train on (default: DJL's default device) @return this */
    public FerTrainer optDevice(Device d) {
        this.device = d;
        return this;
    }

    /**
     * Per-face target distributions (FER+ votes or teacher probabilities) mixed into the targets with
     * {@link TrainConfig#softLabelWeight()}; their description goes into the model card.
     *
     * @param targets one distribution per training face, in dataset order
     * @return this
     */
    public FerTrainer optSoftTargets(SoftTargets targets) {
        this.softTargets = targets;
        return this;
    }

    /** @param steps log progress every this many steps (0: epoch lines only) @return this */
    public FerTrainer optLogEvery(int steps) {
        this.logEvery = steps;
        return this;
    }

    /** @param draw whether to draw the PNG curves and confusion matrix into the run folder (default on) @return this */
    public FerTrainer optPlots(boolean draw) {
        this.plots = draw;
        return this;
    }

    /**
     * @param listener hears every step and epoch, after the built-in progress log and plots
     * @return this
     */
    public FerTrainer optListener(TrainingListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * The data files the faces were read from: each one's SHA-256 goes into the model card's provenance.
     *
     * @param files the files
     * @return this
     */
    public FerTrainer optDataFiles(Path... files) {
        dataFiles.addAll(List.of(files));
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
        dataDescription.put("initialised_from", card.identity());
        return this;
    }

    /** @return where this trainer keeps its checkpoints, best model and metrics */
    public CheckpointStore store() {
        return store;
    }

    /**
     * Trains until {@code config.epochs()} epochs are done.
     *
     * @param train training faces
     * @param validation validation faces (selection only; never trained on)
     * @param resume continue from the run folder's checkpoint when it exists
     * @return one record per epoch, including those of earlier sessions
     * @throws FerDataException when the training or the validation set is empty
     * @throws FerModelException naming the weights file when the checkpoint's or the initial weights
     *     are missing, truncated or do not fit {@code config.model()}
     * @throws TrainingDivergedException at the first non-finite batch loss, or an epoch whose validation loss is not
     *     finite, before that epoch saves anything
     */
    public List<EpochRecord> train(Dataset train, Dataset validation, boolean resume) {
        requireFaces(train, "training", "train_file");
        requireFaces(validation, "validation", "validation_file");
        ModelSpec spec = ModelRegistry.get(config.model());
        if (config.softLabelWeight() > 0 && (softTargets == null || softTargets.size() != train.size())) {
            throw new IllegalArgumentException("soft label weight " + config.softLabelWeight() + " needs one soft target per training face"
                    + " (optSoftTargets): got " + (softTargets == null ? "none" : softTargets.size() + " for " + train.size() + " faces"));
        }
        if (softTargets != null) {
            dataDescription.putAll(softTargets.description());
        }
        try {
            Files.createDirectories(store.runDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + store.runDir(), e);
        }
        List<TrainingListener> all = new ArrayList<>();
        all.add(new ProgressLog(logEvery));
        if (plots) {
            all.add(new TrainingPlots(store.runDir()));
        }
        all.addAll(listeners);
        float[] weights = config.classWeights() ? inverseFrequency(train) : null;
        ResumableOptimizer optimizer = new ResumableOptimizer(config);
        DefaultTrainingConfig djl = TrainingStep.trainingConfig(config, weights, optimizer, device);
        try (Model model = Model.newInstance(spec.name(), device, "PyTorch")) {
            model.setBlock(spec.newBlock());
            TrainingState st = new TrainingState();
            Optional<Path> ckpt = store.latest();
            if (ckpt.isPresent() && !resume) {
                throw new IllegalStateException(store.runDir() + " already holds a checkpoint; train with resume = true, or"
                        + " choose another folder");
            }
            if (ckpt.isPresent()) {
                // weights go in before the trainer initializes, which keeps loaded arrays and marks them for gradients
                st = store.restore(ckpt.get(), config);
                ModelFiles.loadWeights(model, ckpt.get(), config.model());
                ModelFiles.checkReference(model, ckpt.get());
            } else if (initialWeights != null) {
                ModelFiles.loadWeights(model, initialWeights, config.model());
                ModelFiles.checkReference(model, initialWeights);
                LOG.info("starting from the weights of {} ({})", dataDescription.get("initialised_from"), initialWeights);
            }
            Provenance provenance = Provenance.current("PyTorch", checksums());
            // seeded after any load, so the random stream (initial weights, dropout) does not depend on what was loaded
            Engine.getInstance().setRandomSeed((int) config.seed());
            try (Trainer trainer = new Trainer(model, djl)) {
                trainer.initialize(new Shape(config.batchSize(), 1, FaceImage.SIZE, FaceImage.SIZE));
                optimizer.bind(model.getBlock());
                if (ckpt.isPresent()) {
                    store.restoreOptimizer(ckpt.get(), optimizer, model.getNDManager());
                    LOG.info("resumed from {} after epoch {} (best validation accuracy {} at epoch {})", ckpt.get(), st.epochsDone,
                            String.format("%.4f", st.bestAccuracy), st.bestEpoch);
                }
                st.config = config.asMap();
                store.writeConfig(config);
                for (TrainingListener l : all) {
                    l.onStart(st.epochsDone, config);
                }
                int stopAt = (int) Math.min(config.epochs(), (long) st.epochsDone + sessionEpochs);
                int firstEpoch = st.epochsDone;
                double sessionSeconds = 0;
                for (int epoch = st.epochsDone; epoch < stopAt; epoch++) {
                    Epoch done = runEpoch(new TrainingStep(trainer, optimizer), model, train, validation, epoch, st, all);
                    EpochRecord rec = done.record();
                    st.history.add(rec);
                    st.epochsDone = epoch + 1;
                    boolean best = CheckpointStore.improves(st, rec);
                    if (best) {
                        st.bestAccuracy = rec.valAccuracy();
                        st.bestEpoch = rec.epoch();
                        st.epochsSinceBest = 0;
                    } else if (++st.epochsSinceBest >= config.patience() && config.schedule() == TrainConfig.Schedule.PLATEAU) {
                        st.plateauFactor *= config.decay();
                        st.epochsSinceBest = 0;
                        LOG.info("validation accuracy flat for {} epochs: learning rate x{}", config.patience(), config.decay());
                    }
                    EvaluationReport report = done.validation();
                    if (best) {
                        store.saveBest(model, card(spec, st, report, provenance), report);
                    }
                    if (keepEpochs) {
                        store.saveEpoch(model, card(spec, st, report, provenance), rec.epoch());
                    }
                    store.save(model, optimizer, card(spec, st, null, provenance), st);
                    store.writeMetrics(st.history);
                    sessionSeconds += rec.seconds();
                    TrainingListener.EpochEnd end = new TrainingListener.EpochEnd(rec, best, report, List.copyOf(st.history),
                            st.epochsDone, config.epochs(), stopAt - st.epochsDone, sessionSeconds / (st.epochsDone - firstEpoch));
                    for (TrainingListener l : all) {
                        l.onEpoch(end);
                    }
                }
                return st.history;
            }
        }
    }

    /** One epoch's record and its validation report (kept, so that a best epoch's report is not computed twice). */
    private record Epoch(EpochRecord record, EvaluationReport validation) {
    }

    private Epoch runEpoch(TrainingStep step, Model model, Dataset train, Dataset validation, int epoch, TrainingState st,
            List<TrainingListener> listeners) {
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
        BatchSource.Targets targets = new BatchSource.Targets(softTargets == null ? null : softTargets.perFace(),
                config.softLabelWeight(), config.mixupAlpha(), config.cutmixAlpha());
        try (BatchSource src = new BatchSource(train, order, config.batchSize(), spec.preprocessing(), aug, config.seed(), epoch, targets)) {
            for (BatchSource.Batch b; (b = src.next()) != null;) {
                lr = LearningRates.at(config, epoch, b.index(), steps, st.plateauFactor);
                TrainingStep.Result r = step.run(b.x(), b.y(), b.t(), b.size(), lr);
                if (!Double.isFinite(r.loss())) {
                    throw diverged(epoch, b.index(), steps, "loss " + r.loss(), lr, st);
                }
                lossSum += r.loss() * b.size();
                correct += r.correct();
                seen += b.size();
                double ips = seen / ((System.nanoTime() - t0) / 1e9);
                TrainingListener.BatchEnd e = new TrainingListener.BatchEnd(epoch + 1, config.epochs(), b.index() + 1, steps,
                        lossSum / seen, (double) correct / seen, lr, ips, (order.length - seen) / ips);
                for (TrainingListener l : listeners) {
                    l.onBatch(e);
                }
            }
        }
        if (seen != order.length) {
            throw new IllegalStateException("epoch " + (epoch + 1) + " trained on " + seen + " of " + order.length + " faces");
        }
        double trainSecs = (System.nanoTime() - t0) / 1e9;
        EvaluationReport val = ModelEvaluator.evaluate(model, spec.preprocessing(), validation, 256, false);
        if (!Double.isFinite(val.loss())) {
            // the batch losses stayed finite, but the weights no longer give numbers on the validation faces
            throw diverged(epoch, steps - 1, steps, "validation loss " + val.loss(), lr, st);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Epoch(new EpochRecord(epoch + 1, lr, lossSum / seen, (double) correct / seen, val.loss(), val.matrix().accuracy(),
                val.matrix().macroF1(), secs, seen / trainSecs), val);
    }

    private TrainingDivergedException diverged(int epoch, int batch, int steps, String what, float lr, TrainingState st) {
        String kept = st.epochsDone == 0 ? "no epoch had finished, so nothing was saved"
                : "nothing of this epoch was saved; " + store.checkpointDir() + " still holds epoch " + st.epochsDone;
        // A fault the probe finds replaces the generic guess, so the message gives one way out.
        String fault = ConvolutionFaultProbe.explainFor(device);
        String why = fault.isEmpty() ? " Either the learning rate is too high, or the engine computes wrong numbers on this"
                + " CPU (ConvolutionFaultProbe.explainFor(device) tests for a known PyTorch fault)." : fault;
        return new TrainingDivergedException(epoch + 1, batch + 1, String.format(
                "training diverged: %s at epoch %d, batch %d of %d (learning rate %.5g); %s.%s",
                what, epoch + 1, batch + 1, steps, lr, kept, why));
    }

    /** Training or selecting on nothing is an error, never a run: the model it would save is untrained. */
    private void requireFaces(Dataset d, String role, String fileKey) {
        if (d.size() == 0) {
            Object file = dataDescription.get(fileKey);
            throw new FerDataException(file != null ? file.toString() : "the " + role + " set", 0,
                    "no " + role + " faces" + (dataDescription.containsKey("split") ? " (split: " + dataDescription.get("split") + ")" : ""));
        }
    }

    private Map<String, String> checksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        for (Path f : dataFiles) {
            sums.put(f.getFileName().toString(), Provenance.sha256(f));
        }
        return sums;
    }

    /** The card of a model this run writes; {@code report} is null for a checkpoint, which records no metrics. */
    private ModelCard card(ModelSpec spec, TrainingState st, EvaluationReport report, Provenance provenance) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (report != null) {
            metrics.put("validation_accuracy", report.matrix().accuracy());
            metrics.put("validation_macro_f1", report.matrix().macroF1());
            metrics.put("best_epoch", st.bestEpoch);
        }
        return new ModelCard(spec.name(), spec.preprocessing(), dataDescription, config.asMap(), metrics, config.seed(),
                Instant.now().toString(), st.epochsDone).withProvenance(provenance);
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
}
