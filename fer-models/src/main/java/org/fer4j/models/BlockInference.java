package org.fer4j.models;

import java.util.List;

import org.fer4j.core.FaceImage;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * A model's block run in inference mode on faces, without a predictor or files: for a model that is being trained or was
 * just loaded for training. Each call's arrays live in a sub-manager closed before it returns; close this to release
 * the rest.
 */
public final class BlockInference implements AutoCloseable {
    private final Model model;
    private final Preprocessing preprocessing;
    private final NDManager base;
    private final ParameterStore parameters;

    /**
     * @param model a model with its block initialized (PyTorch engine)
     * @param preprocessing the model's input transform
     */
    public BlockInference(Model model, Preprocessing preprocessing) {
        this.model = model;
        this.preprocessing = preprocessing;
        this.base = model.getNDManager().newSubManager();
        this.parameters = new ParameterStore(base, false);
    }

    /**
     * @param faces the faces, one forward pass for all
     * @return per face, the block's raw outputs (logits), as computed: not checked for NaN, so callers choose what a
     *     non-finite answer means
     */
    public float[][] logits(List<FaceImage> faces) {
        int n = faces.size();
        float[] x = preprocessing.apply(faces);
        try (NDManager m = base.newSubManager()) {
            NDArray input = m.create(x, new Shape(n, 1, FaceImage.SIZE, FaceImage.SIZE));
            float[] flat = model.getBlock().forward(parameters, new NDList(input), false).singletonOrThrow().toFloatArray();
            int k = flat.length / Math.max(1, n);
            float[][] out = new float[n][k];
            for (int i = 0; i < n; i++) {
                System.arraycopy(flat, i * k, out[i], 0, k);
            }
            return out;
        }
    }

    @Override
    public void close() {
        base.close();
    }
}
