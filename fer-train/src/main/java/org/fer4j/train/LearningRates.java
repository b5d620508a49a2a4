package org.fer4j.train;

/**
 * The learning rate at any point of a run, as a pure function of the position (plus the plateau factor, which is part
 * of the saved training state), so that a resumed run continues on exactly the same curve.
 */
final class LearningRates {
    private LearningRates() {
    }

    /**
     * @param c the config
     * @param epoch 0-based epoch
     * @param step 0-based step within the epoch
     * @param stepsPerEpoch steps in an epoch
     * @param plateauFactor accumulated PLATEAU decay (1 for other schedules)
     * @return the learning rate of that step
     */
    static float at(TrainConfig c, int epoch, int step, int stepsPerEpoch, float plateauFactor) {
        double t = epoch + (double) step / stepsPerEpoch;
        if (t < c.warmupEpochs()) {
            double w = t / c.warmupEpochs();
            return (float) (c.learningRate() * (0.1 + 0.9 * w));
        }
        return switch (c.schedule()) {
            case CONSTANT -> c.learningRate();
            case STEP -> (float) (c.learningRate() * Math.pow(c.decay(), Math.floor((epoch - c.warmupEpochs()) / (double) c.stepEpochs())));
            case COSINE -> {
                double span = Math.max(1e-9, c.epochs() - c.warmupEpochs());
                double p = Math.min(1, (t - c.warmupEpochs()) / span);
                yield (float) (c.learningRate() * 0.5 * (1 + Math.cos(Math.PI * p)));
            }
            case PLATEAU -> c.learningRate() * plateauFactor;
        };
    }
}
