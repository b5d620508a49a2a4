package org.fer4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides a training run. Immutable; build with {@link #builder(String)}.
 *
 * @param model registry name of the architecture
 * @param epochs total epochs
 * @param batchSize faces per step
 * @param optimizer SGD (with momentum, optionally Nesterov) or AdamW
 * @param learningRate peak learning rate
 * @param momentum SGD momentum (AdamW beta1)
 * @param nesterov Nesterov momentum for SGD
 * @param weightDecay L2 for SGD, decoupled for AdamW
 * @param schedule learning-rate schedule
 * @param warmupEpochs linear warm-up from lr/10, before the schedule
 * @param stepEpochs STEP: epochs between decays
 * @param decay STEP/PLATEAU: factor applied at each decay
 * @param patience PLATEAU: epochs without validation improvement before a decay
 * @param labelSmoothing share of probability spread evenly over the classes
 * @param classWeights weight the loss by inverse class frequency (helps the rare disgust class)
 * @param augmentation train-time augmentation
 * @param seed seed of shuffling, augmentation and dropout
 * @param mixupAlpha mixup: each batch is blended with a shuffled copy of itself, weight drawn from Beta(alpha, alpha);
 *     0 = off
 * @param cutmixAlpha cutmix: a box from a shuffled copy of the batch is pasted into each face, its area drawn from
 *     Beta(alpha, alpha) and the targets weighted by area; 0 = off. With mixup also on, each batch uses one of the two
 * @param softLabelWeight share of the training target taken from a per-face distribution given to
 *     {@link FerTrainer#optSoftTargets} (FER+ votes, or teacher probabilities for distillation); 0 = the FER2013 label alone
 */
public record TrainConfig(String model, int epochs, int batchSize, OptimizerKind optimizer, float learningRate, float momentum,
        boolean nesterov, float weightDecay, Schedule schedule, int warmupEpochs, int stepEpochs, float decay, int patience,
        float labelSmoothing, boolean classWeights, Augmentation augmentation, long seed, float mixupAlpha, float cutmixAlpha,
        float softLabelWeight) {

    /** Optimizer families. */
    public enum OptimizerKind {
        /** Stochastic gradient descent with momentum. */
        SGD,
        /** Adam with decoupled weight decay. */
        ADAMW
    }

    /** Learning-rate schedules (applied after warm-up). */
    public enum Schedule {
        /** Constant. */
        CONSTANT,
        /** Multiply by {@code decay} every {@code stepEpochs}. */
        STEP,
        /** Cosine from the peak to 0 over the remaining epochs, per step. */
        COSINE,
        /** Multiply by {@code decay} after {@code patience} epochs without a better validation accuracy. */
        PLATEAU
    }

    /** Validates the settings. */
    public TrainConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(augmentation, "augmentation");
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batch size must be >= 1");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("label smoothing must be in [0,1), got " + labelSmoothing);
        }
        if (!(mixupAlpha >= 0)) {
            throw new IllegalArgumentException("mixup alpha must be >= 0, got " + mixupAlpha);
        }
        if (!(cutmixAlpha >= 0)) {
            throw new IllegalArgumentException("cutmix alpha must be >= 0, got " + cutmixAlpha);
        }
        if (!(softLabelWeight >= 0 && softLabelWeight <= 1)) {
            throw new IllegalArgumentException("soft label weight must be in [0,1], got " + softLabelWeight);
        }
    }

    /** @return true when batches carry target distributions (mixup, cutmix or soft labels) instead of class indices */
    public boolean softTargets() {
        return mixupAlpha > 0 || cutmixAlpha > 0 || softLabelWeight > 0;
    }

    /**
     * The one place fer4j's training defaults live: {@code builder(model).build()} is the default config, which
     * front ends (the command line) read rather than repeat.
     *
     * @param model architecture name
     * @return a builder with fer4j's defaults (SGD with Nesterov momentum, cosine schedule)
     */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /**
     * @return a builder initialised with this config; each setting is copied to the builder's field of the same name, so
     *     a new setting needs its record component, its builder field and its {@code opt} method, and nothing else
     */
    public Builder toBuilder() {
        Builder b = new Builder(model);
        for (java.lang.reflect.RecordComponent c : TrainConfig.class.getRecordComponents()) {
            if (!c.getName().equals("model")) {
                try {
                    Builder.class.getDeclaredField(c.getName()).set(b, c.getAccessor().invoke(this));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("TrainConfig.Builder lacks a field for the setting " + c.getName(), e);
                }
            }
        }
        return b;
    }

    /** Settings written only when used, so that runs started before they existed resume with an unchanged config. */
    private static final java.util.Set<String> WRITTEN_WHEN_USED = java.util.Set.of("mixupAlpha", "cutmixAlpha", "softLabelWeight");

    /**
     * @return the settings as a flat map with snake_case keys in declaration order, for model cards and metrics files;
     *     derived from the record's components, so a new setting cannot be left out
     */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (java.lang.reflect.RecordComponent c : TrainConfig.class.getRecordComponents()) {
            Object v;
            try {
                v = c.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read setting " + c.getName(), e);
            }
            if (WRITTEN_WHEN_USED.contains(c.getName()) && ((Number) v).floatValue() == 0f) {
                continue;
            }
            m.put(c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT),
                    v instanceof Enum<?> e ? e.name() : v instanceof Augmentation a ? a.toString() : v);
        }
        return m;
    }

    /** Builder with {@code opt*} setters for every optional setting. */
    public static final class Builder {
        private final String model;
        private int epochs = 30;
        private int batchSize = 64;
        private OptimizerKind optimizer = OptimizerKind.SGD;
        private float learningRate = 0.05f;
        private float momentum = 0.9f;
        private boolean nesterov = true;
        private float weightDecay = 5e-4f;
        private Schedule schedule = Schedule.COSINE;
        private int warmupEpochs = 1;
        private int stepEpochs = 10;
        private float decay = 0.1f;
        private int patience = 3;
        private float labelSmoothing = 0.1f;
        private boolean classWeights;
        private Augmentation augmentation = Augmentation.STRONG;
        private long seed = 42;
        private float mixupAlpha;
        private float cutmixAlpha;
        private float softLabelWeight;

        private Builder(String model) {
            this.model = model;
        }

        /** @param v epochs @return this */
        public Builder optEpochs(int v) {
            epochs = v;
            return this;
        }

        /** @param v batch size @return this */
        public Builder optBatchSize(int v) {
            batchSize = v;
            return this;
        }

        /** @param v optimizer @return this */
        public Builder optOptimizer(OptimizerKind v) {
            optimizer = v;
            return this;
        }

        /** @param v peak learning rate @return this */
        public Builder optLearningRate(float v) {
            learningRate = v;
            return this;
        }

        /** @param v momentum (AdamW beta1) @return this */
        public Builder optMomentum(float v) {
            momentum = v;
            return this;
        }

        /** @param v Nesterov for SGD @return this */
        public Builder optNesterov(boolean v) {
            nesterov = v;
            return this;
        }

        /** @param v weight decay @return this */
        public Builder optWeightDecay(float v) {
            weightDecay = v;
            return this;
        }

        /** @param v schedule @return this */
        public Builder optSchedule(Schedule v) {
            schedule = v;
            return this;
        }

        /** @param v warm-up epochs @return this */
        public Builder optWarmupEpochs(int v) {
            warmupEpochs = v;
            return this;
        }

        /** @param every epochs between STEP decays @param factor decay factor @return this */
        public Builder optStep(int every, float factor) {
            stepEpochs = every;
            decay = factor;
            return this;
        }

        /** @param v PLATEAU patience @return this */
        public Builder optPatience(int v) {
            patience = v;
            return this;
        }

        /** @param v label smoothing @return this */
        public Builder optLabelSmoothing(float v) {
            labelSmoothing = v;
            return this;
        }

        /** @param v inverse-frequency class weights @return this */
        public Builder optClassWeights(boolean v) {
            classWeights = v;
            return this;
        }

        /** @param v augmentation @return this */
        public Builder optAugmentation(Augmentation v) {
            augmentation = v;
            return this;
        }

        /** @param v seed @return this */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /** @param alpha mixup Beta(alpha, alpha) parameter, 0 = off (0.2-0.4 is usual) @return this */
        public Builder optMixup(float alpha) {
            mixupAlpha = alpha;
            return this;
        }

        /** @param alpha cutmix Beta(alpha, alpha) parameter, 0 = off (1.0 is usual) @return this */
        public Builder optCutmix(float alpha) {
            cutmixAlpha = alpha;
            return this;
        }

        /** @param w share of the target taken from the face's soft label (FER+ votes or teacher probabilities), 0..1 @return this */
        public Builder optSoftLabelWeight(float w) {
            softLabelWeight = w;
            return this;
        }

        /** @return the config, from the builder's fields named as the record's settings */
        public TrainConfig build() {
            java.lang.reflect.RecordComponent[] components = TrainConfig.class.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] values = new Object[components.length];
            try {
                for (int i = 0; i < components.length; i++) {
                    types[i] = components[i].getType();
                    values[i] = Builder.class.getDeclaredField(components[i].getName()).get(this);
                }
                return TrainConfig.class.getDeclaredConstructor(types).newInstance(values);
            } catch (java.lang.reflect.InvocationTargetException e) {
                // the canonical constructor's own check, e.g. a learning rate <= 0
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("TrainConfig.Builder does not match the record's settings: " + e.getMessage(), e);
            }
        }
    }
}
