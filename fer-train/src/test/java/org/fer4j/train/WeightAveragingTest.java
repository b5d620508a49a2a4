package org.fer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.fer4j.core.Dataset;
import org.fer4j.core.FaceImage;
import org.fer4j.models.FerModelException;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.fer4j.models.Preprocessing;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/** Weight averaging: the mean of the members' weights, and batch-norm statistics measured on the averaged network itself. */
class WeightAveragingTest {
    private static Dataset faces;
    private static Path a;
    private static Path b;

    @BeforeAll
    static void twoModels() throws Exception {
        faces = TrainingFixtures.publicTest().slice(0, 128);
        a = train(3);
        b = train(4);
    }

    private static Path train(long seed) throws Exception {
        Path run = TrainingFixtures.tempDir();
        new FerTrainer(TrainConfig.builder("fer-net-s").optEpochs(1).optBatchSize(32).optSeed(seed).build(), run, Map.of())
                .optLogEvery(0).train(faces.slice(0, 64), faces.slice(64, 128), false);
        return run.resolve("best");
    }

    @Test
    void averageIsTheElementwiseMean() {
        try (Model avg = WeightAveraging.average(List.of(a, b), Device.cpu());
                Model ma = ModelFiles.load(a, Device.cpu());
                Model mb = ModelFiles.load(b, Device.cpu())) {
            var pa = ma.getBlock().getParameters();
            var pb = mb.getBlock().getParameters();
            var pv = avg.getBlock().getParameters();
            double maxErr = 0;
            for (int i = 0; i < pv.size(); i++) {
                float[] x = pa.get(i).getValue().getArray().toFloatArray();
                float[] y = pb.get(i).getValue().getArray().toFloatArray();
                float[] m = pv.get(i).getValue().getArray().toFloatArray();
                for (int j = 0; j < m.length; j++) {
                    maxErr = Math.max(maxErr, Math.abs(m[j] - (x[j] + y[j]) / 2));
                }
            }
            assertTrue(maxErr < 1e-6, "averaged weights differ from the mean by " + maxErr);
            assertTrue(TrainingFixtures.maxWeightDifference(ma, mb, true) > 1e-2, "the two members should differ");
        }
    }

    @Test
    void refusesAnotherArchitectureByFolder() throws Exception {
        Path other = TrainingFixtures.tempDir();
        ModelCard card = ModelCard.read(a);
        Files.writeString(other.resolve(ModelCard.FILE), card.toJson().replace("\"fer-net-s\"", "\"fer-net\""));
        FerModelException e = assertThrows(FerModelException.class, () -> WeightAveraging.average(List.of(a, other), Device.cpu()));
        assertTrue(e.getMessage().contains(other.toString()) && e.getMessage().contains("'fer-net'"), e.getMessage());
    }

    /**
     * After recalibration the first batch-norm layer holds the average over the batches of the per-channel mean and
     * (unbiased) variance of the first convolution's output, whatever it held before, NaN included.
     */
    @Test
    void batchNormStatisticsAreMeasuredOnTheAveragedNetwork() {
        Preprocessing pre = ModelCard.read(a).preprocessing();
        int[] order = FerTrainer.shuffled(faces.size(), 9);
        try (Model avg = WeightAveraging.average(List.of(a, b), Device.cpu()); NDManager mgr = NDManager.newBaseManager()) {
            List<Parameter> stats = avg.getBlock().getParameters().values().stream()
                    .filter(p -> p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR).toList();
            stats.forEach(p -> p.getArray().set(filled((int) p.getArray().size(), Float.NaN)));

            assertEquals(2, WeightAveraging.recalibrateBatchNorm(avg, pre, faces, order, 64, Augmentation.NONE, 1));

            Block conv = avg.getBlock().getChildren().get(0).getValue();
            ParameterStore ps = new ParameterStore(mgr, false);
            int channels = (int) stats.get(0).getArray().size();
            double[] mean = new double[channels];
            double[] var = new double[channels];
            for (int batch = 0; batch < 2; batch++) {
                float[] x = new float[64 * FaceImage.PIXELS];
                for (int i = 0; i < 64; i++) {
                    pre.apply(faces.image(order[batch * 64 + i]), x, i * FaceImage.PIXELS);
                }
                NDArray out = conv.forward(ps, new NDList(mgr.create(x, new Shape(64, 1, 48, 48))), false).singletonOrThrow();
                NDArray perChannel = out.transpose(1, 0, 2, 3).reshape(channels, -1);
                float[] m = perChannel.mean(new int[] {1}).toFloatArray();
                long n = perChannel.getShape().get(1);
                float[] v = perChannel.sub(perChannel.mean(new int[] {1}, true)).square().sum(new int[] {1}).div(n - 1).toFloatArray();
                for (int c = 0; c < channels; c++) {
                    mean[c] += m[c] / 2;
                    var[c] += v[c] / 2;
                }
            }
            float[] gotMean = stats.get(0).getArray().toFloatArray();
            float[] gotVar = stats.get(1).getArray().toFloatArray();
            for (int c = 0; c < channels; c++) {
                assertEquals(mean[c], gotMean[c], 1e-4 * Math.max(1, Math.abs(mean[c])), "running mean, channel " + c);
                assertEquals(var[c], gotVar[c], 1e-4 * Math.max(1, var[c]), "running variance, channel " + c);
            }
        }
    }

    private static float[] filled(int n, float v) {
        float[] f = new float[n];
        Arrays.fill(f, v);
        return f;
    }
}
