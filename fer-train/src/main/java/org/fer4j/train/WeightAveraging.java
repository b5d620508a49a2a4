package org.fer4j.train;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fer4j.core.Dataset;
import org.fer4j.core.FaceImage;
import org.fer4j.models.FerModelException;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.fer4j.models.Preprocessing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * Weight averaging of models that share a training lineage (the epochs of one run's tail, or successive fine-tuning
 * cycles): one network whose weights are the element-wise mean of theirs, with batch-norm statistics recomputed on
 * training faces. The result has the size and speed of one model; averaging works only when the models lie in one basin
 * of the loss, which models fine-tuned from each other do and independently trained ones do not.
 *
 * <p>Batch-norm running statistics are not averaged: the mean of the members' statistics is not the statistics of the
 * averaged network's own activations. {@link #recalibrateBatchNorm} measures them instead, as the plain average of
 * per-batch statistics over the given faces (independent of the layers' momentum and of the old values).
 */
public final class WeightAveraging {
    private static final Logger LOG = LoggerFactory.getLogger(WeightAveraging.class);

    private WeightAveraging() {
    }

    /**
     * @param modelDirs two or more model folders of one architecture
     * @param device where to place the result
     * @return a model holding the mean of their weights (batch-norm statistics averaged too, until recalibrated); close it
     * @throws FerModelException naming the folder whose architecture differs from the first one's
     */
    public static Model average(List<Path> modelDirs, Device device) {
        if (modelDirs.isEmpty()) {
            throw new IllegalArgumentException("no models to average");
        }
        String arch = ModelCard.read(modelDirs.get(0)).architecture();
        Model sum = ModelFiles.load(modelDirs.get(0), device);
        try {
            for (Path dir : modelDirs.subList(1, modelDirs.size())) {
                String other = ModelCard.read(dir).architecture();
                if (!other.equals(arch)) {
                    throw new FerModelException(dir.toString(), "architecture '" + other + "' cannot be averaged with '" + arch + "' ("
                            + modelDirs.get(0) + ")");
                }
                try (Model m = ModelFiles.load(dir, device)) {
                    var a = sum.getBlock().getParameters();
                    var b = m.getBlock().getParameters();
                    for (int i = 0; i < a.size(); i++) {
                        NDArray acc = a.get(i).getValue().getArray();
                        acc.addi(b.get(i).getValue().getArray());
                    }
                }
            }
            float inv = 1f / modelDirs.size();
            for (Pair<String, Parameter> p : sum.getBlock().getParameters()) {
                p.getValue().getArray().muli(inv);
            }
            return sum;
        } catch (RuntimeException e) {
            sum.close();
            throw e;
        }
    }

    /**
     * Replaces every batch-norm layer's running mean and variance by the average of its per-batch statistics over
     * {@code maxFaces} faces drawn in a seeded random order, in whole batches of {@code batchSize} (the same inputs give
     * the same result).
     *
     * @param model the model (PyTorch engine); its other weights are not changed
     * @param pre its preprocessing
     * @param faces the faces to measure on, normally the Training rows, never the evaluation rows
     * @param maxFaces faces to use at most
     * @param batchSize faces per batch, as in training; the statistics of a batch of one face are degenerate, so at least 2
     * @param augmentation augmentation applied to the faces (what training saw), or {@link Augmentation#NONE}
     * @param seed seed of the order and the augmentation
     * @return batches measured
     */
    public static int recalibrateBatchNorm(Model model, Preprocessing pre, Dataset faces, int maxFaces, int batchSize,
            Augmentation augmentation, long seed) {
        int[] order = FerTrainer.shuffled(faces.size(), seed);
        return recalibrateBatchNorm(model, pre, faces, Arrays.copyOf(order, Math.min(maxFaces, order.length)), batchSize,
                augmentation, seed);
    }

    static int recalibrateBatchNorm(Model model, Preprocessing pre, Dataset faces, int[] order, int batchSize,
            Augmentation augmentation, long seed) {
        if (batchSize < 2) {
            throw new IllegalArgumentException("batch size must be at least 2, got " + batchSize);
        }
        List<NDArray> stats = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
                stats.add(p.getValue().getArray());
            }
        }
        if (stats.isEmpty()) {
            return 0;
        }
        // whole batches only: a short last batch would weigh as much as a full one
        int[] used = Arrays.copyOf(order, order.length - order.length % batchSize);
        if (used.length == 0) {
            throw new IllegalArgumentException("need at least one batch of " + batchSize + " faces, got " + order.length);
        }
        try (NDManager mgr = model.getNDManager().newSubManager()) {
            float keep = momentum(model, stats, mgr, pre, faces, used, batchSize);
            List<NDArray> sums = new ArrayList<>();
            for (NDArray s : stats) {
                sums.add(mgr.zeros(s.getShape()));
            }
            ParameterStore ps = new ParameterStore(mgr, false);
            int batches = 0;
            Augmenter aug = augmentation == null ? null : new Augmenter(augmentation);
            try (BatchSource src = new BatchSource(faces, used, batchSize, pre, aug, seed, 0)) {
                for (BatchSource.Batch b; (b = src.next()) != null; batches++) {
                    // from zero, one training-mode pass leaves (1 - keep) x this batch's statistics
                    stats.forEach(WeightAveraging::zero);
                    forward(model, ps, mgr, b.x(), b.size());
                    for (int i = 0; i < stats.size(); i++) {
                        sums.get(i).addi(stats.get(i));
                    }
                }
            }
            float scale = 1f / (batches * (1 - keep));
            for (int i = 0; i < stats.size(); i++) {
                stats.get(i).set(sums.get(i).mul(scale).toFloatArray());
            }
            LOG.info("batch-norm statistics of {} layers measured over {} batches of {} faces", stats.size() / 2, batches, batchSize);
            return batches;
        }
    }

    /**
     * The share of the old running value each layer keeps per training-mode pass, measured rather than read from the
     * layers (DJL does not expose it): one batch from running values 1 and from 0; the difference is the share.
     */
    private static float momentum(Model model, List<NDArray> stats, NDManager mgr, Preprocessing pre, Dataset faces, int[] order,
            int batchSize) {
        float[] x = new float[batchSize * FaceImage.PIXELS];
        for (int i = 0; i < batchSize; i++) {
            pre.apply(faces.image(order[i]), x, i * FaceImage.PIXELS);
        }
        ParameterStore ps = new ParameterStore(mgr, false);
        NDArray first = stats.get(0);
        zero(first);
        first.addi(1);
        forward(model, ps, mgr, x, batchSize);
        float[] fromOne = first.toFloatArray();
        zero(first);
        forward(model, ps, mgr, x, batchSize);
        float[] fromZero = first.toFloatArray();
        float keep = fromOne[0] - fromZero[0];
        for (int c = 1; c < fromOne.length; c++) {
            if (Math.abs(fromOne[c] - fromZero[c] - keep) > 1e-4) {
                throw new IllegalStateException("batch-norm running statistics do not update as a moving average (channel " + c + ")");
            }
        }
        if (!(keep >= 0 && keep < 1)) {
            throw new IllegalStateException("batch-norm momentum measured as " + keep + "; cannot recalibrate");
        }
        return keep;
    }

    /** Zeroes by overwriting: multiplying by 0 would keep a NaN. */
    private static void zero(NDArray a) {
        a.set(new float[Math.toIntExact(a.size())]);
    }

    private static void forward(Model model, ParameterStore ps, NDManager parent, float[] x, int n) {
        try (NDManager m = parent.newSubManager()) {
            NDArray input = m.create(x, new Shape(n, 1, FaceImage.SIZE, FaceImage.SIZE));
            model.getBlock().forward(ps, new NDList(input), true);
        }
    }

    /**
     * The card of an averaged model: the members by provenance, not by path, and how its statistics were measured.
     *
     * @param members the averaged models' folders
     * @param recalibration how the batch-norm statistics were measured (file, faces, batch size, augmentation)
     * @param seed seed of the recalibration
     * @return the card (0 epochs of its own; the training config is the first member's); metrics are left for the
     *         evaluation to fill in
     */
    public static ModelCard card(List<Path> members, Map<String, Object> recalibration, long seed) {
        ModelCard first = ModelCard.read(members.get(0));
        Map<String, Object> data = new LinkedHashMap<>(first.data());
        data.put("averaged_from", members.stream().map(d -> ModelCard.read(d).identity()).toList());
        data.put("batch_norm_statistics", recalibration);
        // an average trains no epoch of its own; the members' provenance says how each was trained
        // the software is this machine's; the training data is the first member's, as is the config
        Map<String, String> sums = first.provenance() == null ? Map.of() : first.provenance().dataSha256();
        return new ModelCard(first.architecture(), first.preprocessing(), data, first.config(), Map.of(), seed,
                Instant.now().toString(), 0).withProvenance(org.fer4j.models.Provenance.current("PyTorch", sums));
    }
}
