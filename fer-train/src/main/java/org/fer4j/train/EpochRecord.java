package org.fer4j.train;

/**
 * What one epoch measured.
 *
 * @param epoch 1-based epoch
 * @param learningRate learning rate at the epoch's last step
 * @param trainLoss mean training loss (with smoothing and augmentation)
 * @param trainAccuracy training accuracy on the augmented batches
 * @param valLoss validation cross-entropy (no smoothing)
 * @param valAccuracy validation accuracy
 * @param valMacroF1 validation macro-F1
 * @param seconds wall time of training plus validation
 * @param trainImagesPerSecond training throughput
 */
public record EpochRecord(int epoch, double learningRate, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
        double valMacroF1, double seconds, double trainImagesPerSecond) {
}
