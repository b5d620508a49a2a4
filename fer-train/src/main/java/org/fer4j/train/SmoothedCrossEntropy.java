package org.fer4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Softmax cross-entropy over 7 classes with label smoothing and optional per-class weights:
 * {@code -sum_c q_c log p_c}, with {@code q = (1 - eps) target + eps / 7}, times the weight of the true class,
 * averaged over the batch. The target is the one-hot of an integer label, or a given distribution when the label
 * array is float (n, 7) (mixup, FER+ soft labels); a distribution's class weight is its expected weight.
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
        boolean soft = label.getDataType().isFloating() && label.getShape().dimension() == 2;
        NDArray base = soft ? label : label.oneHot(classes);
        NDArray target = base.mul(1 - smoothing).add(smoothing / classes);
        NDArray perSample = target.mul(logp).sum(new int[] {1}).neg();
        if (classWeights != null) {
            NDArray cw = logits.getManager().create(classWeights);
            NDArray w = soft ? base.mul(cw).sum(new int[] {1}) : cw.get(label);
            return perSample.mul(w).sum().div(w.sum());
        }
        return perSample.mean();
    }
}
