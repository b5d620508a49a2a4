package org.fer4j.train;

import org.fer4j.core.FerException;

/**
 * Training stopped because the loss stopped being a number. The step that produced it has already written NaN or
 * infinity into the weights, so the epoch is abandoned before anything of it is saved: the run folder keeps the
 * checkpoint of the last whole epoch, and training again with {@code resume} (with a lower learning rate, or on a machine that computes
 * right) goes on from there.
 */
public class TrainingDivergedException extends FerException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    /**
     * @param epoch the epoch, from 1
     * @param batch the batch within it, from 1
     * @param message the whole message: where, what, and what is left on disk
     */
    public TrainingDivergedException(int epoch, int batch, String message) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
    }

    /** @return the epoch (from 1) whose batch gave the first non-finite loss */
    public int epoch() {
        return epoch;
    }

    /** @return the batch (from 1) within that epoch */
    public int batch() {
        return batch;
    }
}
