package org.fer4j.train;

import java.util.List;

/**
 * Hears what a {@link FerTrainer} does, for progress lines, plots, dashboards or early stopping decisions made
 * elsewhere. Every method has an empty default; a listener that throws stops the run like any training error.
 */
public interface TrainingListener {

    /**
     * A training step finished.
     *
     * @param epoch the epoch, from 1
     * @param epochs the run's total epochs
     * @param batch the batch within the epoch, from 1
     * @param batches batches per epoch
     * @param meanLoss mean training loss of the epoch so far
     * @param accuracy training accuracy of the epoch so far
     * @param learningRate the step's learning rate
     * @param imagesPerSecond throughput of the epoch so far
     * @param secondsLeft expected seconds until the epoch's training part ends
     */
    record BatchEnd(int epoch, int epochs, int batch, int batches, double meanLoss, double accuracy, float learningRate,
            double imagesPerSecond, double secondsLeft) {
    }

    /**
     * An epoch finished and its checkpoint is saved.
     *
     * @param record what the epoch measured
     * @param best whether it is the best epoch so far (its model is now the run's best)
     * @param validation the epoch's validation report
     * @param history every epoch of the run so far, this one included
     * @param epochsDone epochs the run has finished
     * @param epochs the run's total epochs
     * @param sessionEpochsLeft epochs this call will still train before it pauses or ends
     * @param sessionSecondsPerEpoch mean seconds per epoch in this call
     */
    record EpochEnd(EpochRecord record, boolean best, EvaluationReport validation, List<EpochRecord> history, int epochsDone,
            int epochs, int sessionEpochsLeft, double sessionSecondsPerEpoch) {
    }

    /**
     * @param resumedAfter epochs done before this call (0 for a fresh run)
     * @param config the run's settings
     */
    default void onStart(int resumedAfter, TrainConfig config) {
    }

    /** @param e the step that finished */
    default void onBatch(BatchEnd e) {
    }

    /** @param e the epoch that finished */
    default void onEpoch(EpochEnd e) {
    }
}
