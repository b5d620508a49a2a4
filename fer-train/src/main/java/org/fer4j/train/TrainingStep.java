package org.fer4j.train;

import org.fer4j.core.FaceImage;
import org.fer4j.models.ModelRegistry;
import org.fer4j.models.ModelSpec;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

/**
 * One optimisation step on one batch (forward, loss, backward, optimizer update): the unit {@link FerTrainer} loops
 * over and fer-bench times per architecture. The batch's native arrays live in a sub-manager closed after the step, so
 * memory stays flat over any number of steps.
 */
public final class TrainingStep implements AutoCloseable {
    /**
     * What one step saw.
     *
     * @param loss mean loss over the batch, before the update
     * @param correct faces whose arg-max logit was the label, before the update
     */
    public record Result(float loss, long correct) {
    }

    private final Model ownedModel;
    private final Trainer trainer;
    private final ResumableOptimizer optimizer;

    TrainingStep(Trainer trainer, ResumableOptimizer optimizer) {
        this(null, trainer, optimizer);
    }

    private TrainingStep(Model ownedModel, Trainer trainer, ResumableOptimizer optimizer) {
        this.ownedModel = ownedModel;
        this.trainer = trainer;
        this.optimizer = optimizer;
    }

    /**
     * A freshly initialised model of {@code config.model()} with the config's loss and optimizer (no class weights), on
     * the PyTorch engine; for timing steps, not for a training run (use {@link FerTrainer}).
     *
     * @param config architecture, batch size, optimizer and loss settings
     * @param device where to train
     * @return the step; close it to free the model
     */
    public static TrainingStep fresh(TrainConfig config, Device device) {
        ModelSpec spec = ModelRegistry.get(config.model());
        ResumableOptimizer optimizer = new ResumableOptimizer(config);
        Model model = Model.newInstance(spec.name(), device, "PyTorch");
        try {
            model.setBlock(spec.newBlock());
            Trainer trainer = new Trainer(model, trainingConfig(config, null, optimizer, device));
            trainer.initialize(new Shape(config.batchSize(), 1, FaceImage.SIZE, FaceImage.SIZE));
            optimizer.bind(model.getBlock());
            return new TrainingStep(model, trainer, optimizer);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The DJL training config both the trainer and {@link #fresh} use: smoothed (optionally weighted) cross-entropy, our optimizer. */
    static DefaultTrainingConfig trainingConfig(TrainConfig config, float[] classWeights, ResumableOptimizer optimizer, Device device) {
        return new DefaultTrainingConfig(new SmoothedCrossEntropy(config.labelSmoothing(), classWeights)).optOptimizer(optimizer)
                .optDevices(new Device[] {device});
    }

    /**
     * @param x {@code n * 48 * 48} preprocessed pixels, face after face
     * @param y {@code n} class indices
     * @param n faces in the batch
     * @param learningRate learning rate of this step
     * @return loss and hits of the batch
     */
    public Result run(float[] x, int[] y, int n, float learningRate) {
        return run(x, y, null, n, learningRate);
    }

    /**
     * @param x {@code n * 48 * 48} preprocessed pixels, face after face
     * @param y {@code n} class indices (for counting hits)
     * @param targets {@code n * 7} target distributions for the loss (mixup, FER+ votes), or {@code null} for {@code y}
     * @param n faces in the batch
     * @param learningRate learning rate of this step
     * @return loss and hits of the batch (hits against {@code y})
     */
    public Result run(float[] x, int[] y, float[] targets, int n, float learningRate) {
        optimizer.setLearningRate(learningRate);
        try (NDManager mgr = trainer.getManager().newSubManager()) {
            NDArray xs = mgr.create(x, new Shape(n, 1, FaceImage.SIZE, FaceImage.SIZE));
            NDArray ys = mgr.create(y);
            NDArray lossLabels = targets == null ? ys : mgr.create(targets, new Shape(n, targets.length / n));
            float loss;
            long correct;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(xs)).singletonOrThrow();
                NDArray l = trainer.getLoss().evaluate(new NDList(lossLabels), new NDList(logits));
                gc.backward(l);
                loss = l.getFloat();
                correct = logits.argMax(1).toType(ys.getDataType(), false).eq(ys).sum().getLong();
            }
            optimizer.beginStep();
            trainer.step();
            return new Result(loss, correct);
        }
    }

    /** Closes the model when this step created it ({@link #fresh}); otherwise the trainer's owner closes it. */
    @Override
    public void close() {
        if (ownedModel != null) {
            trainer.close();
            ownedModel.close();
        }
    }
}
