package org.fer4j.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fer4j.core.io.AtomicOutput;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.reflect.TypeToken;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;

/**
 * The layout of a training run's folder, and what is kept in it:
 * <ul>
 *   <li>{@code checkpoint/}: weights, optimizer state and loop state after the last finished epoch, from which a run
 *       resumes exactly; written beside the old one and swapped in, so a crash never leaves only a half-written one;</li>
 *   <li>{@code best/}: the model with the best validation accuracy so far, with its card and {@code validation.json};</li>
 *   <li>{@code epochs/epoch-NNN/}: every epoch's model, when kept (for {@link WeightAveraging});</li>
 *   <li>{@code metrics.json} (one record per epoch) and {@code config.json}.</li>
 * </ul>
 */
public final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    /** The run's last finished epoch. */
    public static final String CHECKPOINT = "checkpoint";
    /** The best epoch's model. */
    public static final String BEST = "best";
    /** Per-epoch models, when kept. */
    public static final String EPOCHS = "epochs";
    /** One record per epoch. */
    public static final String METRICS = "metrics.json";
    private static final String STATE = "state.json";
    private static final String OPTIMIZER = "optimizer.bin";

    private final Path runDir;

    /** @param runDir the run folder */
    public CheckpointStore(Path runDir) {
        this.runDir = runDir;
    }

    /** @return the run folder */
    public Path runDir() {
        return runDir;
    }

    /** @return the folder of the best model */
    public Path bestDir() {
        return runDir.resolve(BEST);
    }

    /** @return the folder of the last checkpoint (it may not exist yet) */
    public Path checkpointDir() {
        return runDir.resolve(CHECKPOINT);
    }

    /** @return the checkpoint to resume from, if the run has one (the previous one when a swap was interrupted) */
    public Optional<Path> latest() {
        Path c = checkpointDir();
        if (Files.isRegularFile(c.resolve(STATE))) {
            return Optional.of(c);
        }
        Path prev = runDir.resolve(CHECKPOINT + "-prev");
        return Files.isRegularFile(prev.resolve(STATE)) ? Optional.of(prev) : Optional.empty();
    }

    /** The best-model choice: strictly better validation accuracy than every epoch before. */
    static boolean improves(TrainingState st, EpochRecord rec) {
        return rec.valAccuracy() > st.bestAccuracy;
    }

    /**
     * @param ckpt a checkpoint folder
     * @param config the config this call trains with; a different one is reported, since the run is then no longer one run
     * @return the loop state saved with it
     */
    TrainingState restore(Path ckpt, TrainConfig config) {
        try {
            TrainingState st = RunJson.GSON.fromJson(Files.readString(ckpt.resolve(STATE)), TrainingState.class);
            Map<String, Object> saved = st.config;
            Map<String, Object> now = RunJson.GSON.fromJson(RunJson.GSON.toJson(config.asMap()),
                    new TypeToken<Map<String, Object>>() { }.getType());
            if (saved != null && !saved.equals(now)) {
                LOG.warn("resuming with a different config than the checkpoint's; the run is no longer one exact run.\n was: {}\n now: {}",
                        saved, now);
            }
            if (st.history == null) {
                st.history = new ArrayList<>();
            }
            return st;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the loop state of " + ckpt + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param ckpt the checkpoint folder
     * @param optimizer the optimizer, bound to the model's parameters
     * @param manager where its state arrays go
     */
    void restoreOptimizer(Path ckpt, ResumableOptimizer optimizer, NDManager manager) {
        try (InputStream in = Files.newInputStream(ckpt.resolve(OPTIMIZER))) {
            optimizer.load(in, manager);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the optimizer state of " + ckpt + ": " + e.getMessage(), e);
        }
    }

    /** Writes the checkpoint beside the old one, then swaps, so a crash never leaves only a half-written one. */
    void save(Model model, ResumableOptimizer optimizer, ModelCard card, TrainingState st) {
        Path next = runDir.resolve(CHECKPOINT + "-next");
        Path cur = checkpointDir();
        Path prev = runDir.resolve(CHECKPOINT + "-prev");
        try {
            AtomicOutput.deleteTree(next);
            ModelFiles.save(model, card, next);
            AtomicOutput.writeFile(next.resolve(OPTIMIZER), optimizer::save);
            RunJson.write(next.resolve(STATE), st);
            AtomicOutput.deleteTree(prev);
            if (Files.exists(cur)) {
                Files.move(cur, prev);
            }
            Files.move(next, cur);
            AtomicOutput.deleteTree(prev);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the checkpoint in " + cur + ": " + e.getMessage(), e);
        }
    }

    /** Saves the best model so far with its validation report. */
    void saveBest(Model model, ModelCard card, EvaluationReport validation) {
        ModelFiles.save(model, card, bestDir());
        RunJson.write(bestDir().resolve("validation.json"), validation.asMap());
    }

    /** Keeps one epoch's model, for weight averaging. */
    void saveEpoch(Model model, ModelCard card, int epoch) {
        ModelFiles.save(model, card, runDir.resolve(EPOCHS).resolve(String.format("epoch-%03d", epoch)));
    }

    /** @param history every epoch so far */
    void writeMetrics(List<EpochRecord> history) {
        RunJson.write(runDir.resolve(METRICS), history);
    }

    /** @param config the run's settings */
    void writeConfig(TrainConfig config) {
        RunJson.write(runDir.resolve("config.json"), config.asMap());
    }
}
