package org.fer4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.fer4j.core.Dataset;
import org.fer4j.core.Emotion;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/** Mixup and FER+ soft labels: targets, the sampler, the loss on distributions, and a short run using both. */
class SoftTargetsTest {

    @Test
    void lossOnOneHotDistributionsEqualsLossOnLabels() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = m.randomNormal(new ai.djl.ndarray.types.Shape(5, 7));
            int[] y = {0, 3, 6, 1, 3};
            float[] t = new float[35];
            for (int i = 0; i < 5; i++) {
                t[i * 7 + y[i]] = 1;
            }
            float[] w = {1, 3, 1, 0.5f, 1, 1, 2};
            for (float[] weights : new float[][] {null, w}) {
                SmoothedCrossEntropy loss = new SmoothedCrossEntropy(0.1f, weights);
                float a = loss.evaluate(new NDList(m.create(y)), new NDList(logits)).getFloat();
                float b = loss.evaluate(new NDList(m.create(t, new ai.djl.ndarray.types.Shape(5, 7))), new NDList(logits)).getFloat();
                assertEquals(a, b, 1e-5);
            }
        }
    }

    @Test
    void ferPlusVotesAreMixedIntoTheTarget() {
        float[][] fp = {{0, 0, 0, 0.5f, 0.5f, 0, 0}, new float[7]};
        int[] order = {0, 1};
        float[] x = new float[2 * 2304];
        float[] t = BatchSource.softTargets(order, 0, new int[] {3, 6}, new BatchSource.Targets(fp, 0.4f, 0, 0), x, new SplittableRandom(1));
        assertArrayEquals(new float[] {0, 0, 0, 0.8f, 0.2f, 0, 0, 0, 0, 0, 0, 0, 0, 1}, t, 1e-6f);
    }

    @Test
    void mixupBlendsPairsAndKeepsDistributions() {
        int n = 8;
        float[] x = new float[n * 2304];
        int[] y = new int[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % Emotion.COUNT;
            order[i] = i;
            java.util.Arrays.fill(x, i * 2304, (i + 1) * 2304, i);
        }
        float[] x2 = x.clone();
        BatchSource.Targets mix = new BatchSource.Targets(null, 0, 0.4f, 0);
        float[] t = BatchSource.softTargets(order, 0, y, mix, x, new SplittableRandom(9));
        float[] again = BatchSource.softTargets(order, 0, y, mix, x2, new SplittableRandom(9));
        assertArrayEquals(t, again, "same seed, same batch");
        assertArrayEquals(x, x2);
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int c = 0; c < 7; c++) {
                s += t[i * 7 + c];
                assertTrue(t[i * 7 + c] >= 0);
            }
            assertEquals(1f, s, 1e-5);
            assertTrue(x[i * 2304] >= 0 && x[i * 2304] <= n - 1, "blend of two inputs stays between them");
        }
    }

    /** Seven faces of constant value i and label i: every input pixel and target tells which face it came from. */
    private static float[] sevenFaces(int[] y, int[] order) {
        float[] x = new float[7 * 2304];
        for (int i = 0; i < 7; i++) {
            y[i] = i;
            order[i] = i;
            java.util.Arrays.fill(x, i * 2304, (i + 1) * 2304, i);
        }
        return x;
    }

    @Test
    void cutmixPastesOneBoxAndWeighsTargetsByItsArea() {
        int pasted = 0;
        for (int seed = 0; seed < 20; seed++) {
            int[] y = new int[7];
            int[] order = new int[7];
            float[] x = sevenFaces(y, order);
            float[] t = BatchSource.softTargets(order, 0, y, new BatchSource.Targets(null, 0, 0, 1f), x, new SplittableRandom(seed));
            boolean[] box = null;
            for (int i = 0; i < 7; i++) {
                int own = 0;
                int other = -1;
                boolean[] changed = new boolean[2304];
                for (int q = 0; q < 2304; q++) {
                    float v = x[i * 2304 + q];
                    assertEquals(v, Math.round(v), "cutmix copies pixels, it does not blend them");
                    if (v == i) {
                        own++;
                    } else {
                        assertTrue(other < 0 || other == (int) v, "one partner per face");
                        other = (int) v;
                        changed[q] = true;
                    }
                }
                float ownShare = own / 2304f;
                assertEquals(ownShare, t[i * 7 + i], 1e-6, "face " + i + " target weight = its share of the pixels");
                if (other >= 0) {
                    pasted++;
                    assertEquals(1 - ownShare, t[i * 7 + other], 1e-6);
                    if (box == null) {
                        box = changed;
                    }
                    assertArrayEquals(box, changed, "one box for the whole batch");
                }
            }
        }
        assertTrue(pasted > 50, "most faces get a piece of another: " + pasted + " of 140");
    }

    @Test
    void mixupTargetsFollowTheBlendOfTheInputs() {
        int[] y = new int[7];
        int[] order = new int[7];
        float[] x = sevenFaces(y, order);
        float[] t = BatchSource.softTargets(order, 0, y, new BatchSource.Targets(null, 0, 0.4f, 0), x, new SplittableRandom(5));
        for (int i = 0; i < 7; i++) {
            float v = x[i * 2304];
            for (int q = 1; q < 2304; q++) {
                assertEquals(v, x[i * 2304 + q], "the whole face gets one blend");
            }
            // v = lambda * i + (1 - lambda) * p, and the target puts lambda on i and 1 - lambda on p
            float expected = 0;
            for (int c = 0; c < 7; c++) {
                expected += c * t[i * 7 + c];
            }
            assertEquals(expected, v, 1e-4, "face " + i);
        }
    }

    @Test
    void mixupAndCutmixTogetherShareTheBatches() {
        int cut = 0;
        int blend = 0;
        for (int seed = 0; seed < 200; seed++) {
            int[] y = new int[7];
            int[] order = new int[7];
            float[] x = sevenFaces(y, order);
            BatchSource.softTargets(order, 0, y, new BatchSource.Targets(null, 0, 0.4f, 1f), x, new SplittableRandom(seed));
            boolean whole = true;
            for (int i = 0; i < 7 && whole; i++) {
                for (int q = 0; q < 2304; q++) {
                    if (x[i * 2304 + q] != Math.round(x[i * 2304 + q])) {
                        whole = false;
                        break;
                    }
                }
            }
            if (whole) {
                cut++;
            } else {
                blend++;
            }
        }
        // a mixup batch keeps whole values only when lambda rounds them, which Beta(0.4, 0.4) makes rare
        assertTrue(cut > 70 && blend > 70, "cutmix " + cut + ", mixup " + blend + " of 200 batches");
    }

    @Test
    void betaSamplerHasTheRightMoments() {
        SplittableRandom r = new SplittableRandom(3);
        double a = 0.3;
        int n = 200_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double v = BatchSource.beta(a, r);
            assertTrue(v >= 0 && v <= 1);
            sum += v;
            sq += v * v;
        }
        double mean = sum / n;
        double var = sq / n - mean * mean;
        assertEquals(0.5, mean, 0.01);
        assertEquals(1 / (4 * (2 * a + 1)), var, 0.01);
    }

    @Test
    void shortRunWithMixupAndSoftLabels() throws Exception {
        Dataset faces = TrainingFixtures.publicTest().slice(0, 128);
        Dataset val = TrainingFixtures.publicTest().slice(128, 192);
        float[][] soft = new float[faces.size()][];
        for (int i = 0; i < soft.length; i++) {
            soft[i] = new float[7];
            soft[i][faces.label(i).index()] = 0.7f;
            soft[i][Emotion.NEUTRAL.index()] += 0.3f;
        }
        TrainConfig c = TrainConfig.builder("fer-net-s").optEpochs(1).optBatchSize(32).optMixup(0.2f).optSoftLabelWeight(0.5f)
                .optClassWeights(true).build();
        assertTrue(c.asMap().containsKey("mixup_alpha") && c.asMap().containsKey("soft_label_weight"));
        assertTrue(!TrainConfig.builder("fer-net").build().asMap().containsKey("mixup_alpha"), "defaults stay out of the map");
        assertTrue(!TrainConfig.builder("fer-net").build().asMap().containsKey("cutmix_alpha"), "defaults stay out of the map");
        assertEquals(1f, TrainConfig.builder("fer-net").optCutmix(1f).build().asMap().get("cutmix_alpha"));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder("fer-net").optCutmix(-1f).build());
        java.nio.file.Path run = TrainingFixtures.tempDir();
        java.nio.file.Path data = org.fer4j.testing.SharedData.require("fer2013/publictest.csv.gz");
        int[] heard = new int[2];
        TrainingListener counter = new TrainingListener() {
            @Override
            public void onBatch(BatchEnd e) {
                heard[0]++;
            }

            @Override
            public void onEpoch(EpochEnd e) {
                heard[1]++;
                assertTrue(e.best() && e.validation().matrix().total() == val.size());
            }
        };
        List<EpochRecord> r = new FerTrainer(c, run, Map.of()).optLogEvery(0).optPlots(false).optListener(counter)
                .optSoftTargets(SoftTargets.of(soft, Map.of("source", "test distributions"))).optDataFiles(data)
                .train(faces, val, false);
        assertTrue(Double.isFinite(r.get(0).trainLoss()) && r.get(0).trainLoss() > 0, "loss " + r.get(0).trainLoss());
        assertArrayEquals(new int[] {4, 1}, heard, "128 faces in batches of 32, one epoch");
        // the best model's card says where its soft targets came from, and what data and software made it
        org.fer4j.models.ModelCard card = org.fer4j.models.ModelCard.read(run.resolve(CheckpointStore.BEST));
        assertEquals("test distributions", card.data().get("source"));
        assertEquals(org.fer4j.models.Provenance.sha256(data), card.provenance().dataSha256().get("publictest.csv.gz"));
        assertEquals(System.getProperty("os.arch"), card.provenance().arch());
        assertEquals("PyTorch", card.provenance().engine());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FerTrainer(c, TrainingFixtures.tempDir(), Map.of()).train(faces, val, false));
        assertTrue(e.getMessage().contains("optSoftTargets"), e.getMessage());
    }
}
