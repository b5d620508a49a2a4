package org.fer4j.train;

import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws a run's PNG curves ({@code accuracy.png}, {@code loss.png}) after every epoch and the best epoch's validation
 * confusion matrix ({@code confusion-matrix.png}). Plots are a convenience: a machine without fonts loses the plot, not
 * the training run.
 */
public final class TrainingPlots implements TrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingPlots.class);
    private final Path dir;

    /** @param dir the folder the PNGs go to (the run folder) */
    public TrainingPlots(Path dir) {
        this.dir = dir;
    }

    @Override
    public void onEpoch(EpochEnd e) {
        if (e.best()) {
            plot(() -> Plots.confusionMatrix(e.validation().matrix(), "validation, epoch " + e.record().epoch(),
                    dir.resolve("confusion-matrix.png")));
        }
        List<EpochRecord> history = e.history();
        plot(() -> Plots.curves(history, dir));
    }

    private static void plot(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("could not draw a plot ({}); training goes on", e.toString());
        }
    }
}
