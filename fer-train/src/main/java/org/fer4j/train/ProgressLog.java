package org.fer4j.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The training log lines: progress every few steps, and one line per epoch with the time left. */
public final class ProgressLog implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(FerTrainer.class);
    private final int every;

    /** @param everySteps log a progress line every this many steps; 0 for epoch lines only */
    public ProgressLog(int everySteps) {
        this.every = everySteps;
    }

    @Override
    public void onStart(int resumedAfter, TrainConfig config) {
        if (resumedAfter > 0) {
            LOG.info("resuming {} after epoch {} of {}", config.model(), resumedAfter, config.epochs());
        }
    }

    @Override
    public void onBatch(BatchEnd b) {
        if (every > 0 && b.batch() % every == 0) {
            LOG.info(String.format("epoch %d/%d batch %d/%d loss %.4f acc %.4f lr %.5f | %.0f img/s, epoch ETA %.0f s",
                    b.epoch(), b.epochs(), b.batch(), b.batches(), b.meanLoss(), b.accuracy(), b.learningRate(), b.imagesPerSecond(),
                    b.secondsLeft()));
        }
    }

    @Override
    public void onEpoch(EpochEnd e) {
        EpochRecord rec = e.record();
        LOG.info(String.format("epoch %d/%d done: train loss %.4f acc %.4f | val loss %.4f acc %.4f macro-F1 %.4f%s | %.0f s, %.0f img/s%s",
                rec.epoch(), e.epochs(), rec.trainLoss(), rec.trainAccuracy(), rec.valLoss(), rec.valAccuracy(), rec.valMacroF1(),
                e.best() ? " (best)" : "", rec.seconds(), rec.trainImagesPerSecond(),
                timeLeft(e.sessionEpochsLeft(), e.epochs() - e.epochsDone(), e.sessionSecondsPerEpoch())));
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
}
