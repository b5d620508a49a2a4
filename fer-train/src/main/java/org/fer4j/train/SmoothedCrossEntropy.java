package org.fer4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy over 7 classes with label smoothing and optional per-class weights:
 * {@code -sum_c q_c log p_c}, with {@code q = (1 - eps) onehot + eps / 7}, times the weight of the true class,
 * averaged over the batch.
 */
final class SmoothedCrossEntropy extends Loss {
    private final float smoothing;
    private final float[] classWeights;

    /**
     * @param smoothing label smoothing in [0, 1)
     * @param classWeights one weight per class, or {@code null}
     */
    SmoothedCrossEntropy(float smoothing, float[] classWeights) {
        super("SmoothedCrossEntropy");
        this.smoothing = smoothing;
        this.classWeights = classWeights;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray label = labels.singletonOrThrow();
        int classes = (int) logits.getShape().get(1);
        NDArray logp = logits.logSoftmax(1);
        NDArray target = label.oneHot(classes).mul(1 - smoothing).add(smoothing / classes);
        NDArray perSample = target.mul(logp).sum(new int[] {1}).neg();
        if (classWeights != null) {
            NDArray w = logits.getManager().create(classWeights).get(label);
            return perSample.mul(w).sum().div(w.sum());
        }
        return perSample.mean();
    }
}
