package org.fer4j.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;

/**
 * SGD (momentum, optionally Nesterov, L2 weight decay) and AdamW (decoupled weight decay) whose state can be saved and
 * restored, which DJL's built-in optimizers do not offer; without it a resumed run would restart its momentum and could
 * not continue exactly. State is keyed by the parameter's path in the block (DJL's parameter ids are random per
 * process). The learning rate is set by the trainer before each step.
 *
 * <p>All updates are in place on the weights and their state; the few temporaries are closed at once, so the native
 * memory of a long run stays flat.
 */
final class ResumableOptimizer extends Optimizer {
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final TrainConfig.OptimizerKind kind;
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, NDArray[]> state = new TreeMap<>();
    private long steps;
    private float learningRate;

    ResumableOptimizer(TrainConfig c) {
        super(new NoOptions());
        this.kind = c.optimizer();
        this.momentum = c.momentum();
        this.nesterov = c.nesterov();
        this.weightDecay = c.weightDecay();
    }

    /** Learns the stable name of every parameter of the block. @param block the model's block */
    void bind(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            names.put(p.getValue().getId(), p.getKey());
        }
    }

    void setLearningRate(float lr) {
        this.learningRate = lr;
    }

    /** Called once per trainer step, before the parameter updates, so Adam's bias correction sees the step count. */
    void beginStep() {
        steps++;
    }

    long steps() {
        return steps;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        String name = names.getOrDefault(parameterId, parameterId);
        if (kind == TrainConfig.OptimizerKind.SGD) {
            sgd(name, weight, grad);
        } else {
            adamw(name, weight, grad);
        }
        // PyTorch accumulates into the weight's own gradient; DJL hands us a copy of it, so clear the original
        try (NDArray own = weight.getGradient()) {
            own.subi(own);
        }
    }

    private void sgd(String name, NDArray w, NDArray g) {
        NDArray v = state.computeIfAbsent(name, k -> new NDArray[] {w.zerosLike()})[0];
        // v = momentum * v + (g + wd * w)
        v.muli(momentum).addi(g);
        if (weightDecay > 0) {
            try (NDArray decay = w.mul(weightDecay)) {
                v.addi(decay);
            }
        }
        if (nesterov) {
            try (NDArray step = v.mul(momentum)) {
                step.addi(g);
                if (weightDecay > 0) {
                    try (NDArray decay = w.mul(weightDecay)) {
                        step.addi(decay);
                    }
                }
                w.subi(step.muli(learningRate));
            }
        } else {
            try (NDArray step = v.mul(learningRate)) {
                w.subi(step);
            }
        }
    }

    private void adamw(String name, NDArray w, NDArray g) {
        NDArray[] s = state.computeIfAbsent(name, k -> new NDArray[] {w.zerosLike(), w.zerosLike()});
        NDArray m = s[0];
        NDArray v = s[1];
        if (weightDecay > 0) {
            try (NDArray decay = w.mul(learningRate * weightDecay)) {
                w.subi(decay);
            }
        }
        try (NDArray gm = g.mul(1 - momentum); NDArray g2 = g.square()) {
            m.muli(momentum).addi(gm);
            v.muli(BETA2).addi(g2.muli(1 - BETA2));
        }
        double correction = Math.sqrt(1 - Math.pow(BETA2, steps)) / (1 - Math.pow(momentum, steps));
        try (NDArray denom = v.sqrt(); NDArray step = m.mul((float) (learningRate * correction))) {
            denom.addi(EPS);
            w.subi(step.divi(denom));
        }
    }

    /** Writes step count and every state array. @param out destination @throws IOException on failure */
    void save(OutputStream out) throws IOException {
        NDList list = new NDList();
        for (Map.Entry<String, NDArray[]> e : state.entrySet()) {
            for (int i = 0; i < e.getValue().length; i++) {
                NDArray a = e.getValue()[i];
                a.setName(e.getKey() + "#" + i);
                list.add(a);
            }
        }
        java.io.DataOutputStream d = new java.io.DataOutputStream(out);
        d.writeLong(steps);
        d.flush();
        list.encode(out);
    }

    /**
     * Restores what {@link #save} wrote.
     *
     * @param in source
     * @param manager owner of the restored arrays (the model's)
     * @throws IOException on failure
     */
    void load(InputStream in, NDManager manager) throws IOException {
        java.io.DataInputStream d = new java.io.DataInputStream(in);
        steps = d.readLong();
        state.clear();
        Map<String, NDArray[]> restored = new TreeMap<>();
        for (NDArray a : NDList.decode(manager, in)) {
            String n = a.getName();
            int hash = n.lastIndexOf('#');
            String key = n.substring(0, hash);
            int idx = Integer.parseInt(n.substring(hash + 1));
            NDArray[] arr = restored.computeIfAbsent(key, k -> new NDArray[kind == TrainConfig.OptimizerKind.SGD ? 1 : 2]);
            arr[idx] = a;
        }
        state.putAll(restored);
    }

    /** DJL's optimizer base needs a builder; all our settings come from the config. */
    private static final class NoOptions extends OptimizerBuilder<NoOptions> {
        @Override
        protected NoOptions self() {
            return this;
        }
    }
}
