package org.fer4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.inference.InferenceEngine;
import org.fer4j.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One classifier shared by eight threads answers every call bit for bit as it answers one thread: the bundled model on
 * real PublicTest faces, each thread in its own order so that calls for different faces overlap, both one face per
 * call and in fixed batches (numerics may depend on the batch's shape, never on who else is calling).
 */
class ConcurrentClassifierTest {
    private static final int FACES = 64;
    private static final int BATCH = 16;
    private static final int THREADS = 8;

    @ParameterizedTest
    @EnumSource(InferenceEngine.class)
    void eightThreadsGetBitForBitWhatOneThreadGets(InferenceEngine engine) throws Exception {
        SharedData.require("fer2013/publictest.csv.gz");
        List<FaceImage> faces = TestModels.faces(FACES);
        try (DjlExpressionClassifier c = ExpressionClassifiers.builder().optEngine(engine).build()) {
            float[][] single = new float[FACES][];
            float[][] batched = new float[FACES][];
            for (int i = 0; i < FACES; i++) {
                single[i] = c.classify(faces.get(i)).probabilities();
            }
            for (int b = 0; b < FACES; b += BATCH) {
                List<ExpressionPrediction> p = c.classifyAll(faces.subList(b, b + BATCH));
                for (int i = 0; i < BATCH; i++) {
                    batched[b + i] = p.get(i).probabilities();
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<float[][][]>> futures = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    long seed = t;
                    futures.add(pool.submit(() -> {
                        List<Integer> order = new ArrayList<>();
                        for (int i = 0; i < FACES; i++) {
                            order.add(i);
                        }
                        Collections.shuffle(order, new Random(seed));
                        float[][] s = new float[FACES][];
                        float[][] b = new float[FACES][];
                        start.await();
                        for (int i : order) {
                            s[i] = c.classify(faces.get(i)).probabilities();
                        }
                        for (int k = 0; k < FACES / BATCH; k++) {
                            int from = order.get(k) % (FACES / BATCH) * BATCH;
                            List<ExpressionPrediction> p = c.classifyAll(faces.subList(from, from + BATCH));
                            for (int i = 0; i < BATCH; i++) {
                                b[from + i] = p.get(i).probabilities();
                            }
                        }
                        return new float[][][] {s, b};
                    }));
                }
                start.countDown();
                for (int t = 0; t < THREADS; t++) {
                    float[][][] r = futures.get(t).get();
                    int checked = 0;
                    for (int i = 0; i < FACES; i++) {
                        assertArrayEquals(single[i], r[0][i], engine + " thread " + t + " face " + i + " (one face per call)");
                        if (r[1][i] != null) {
                            assertArrayEquals(batched[i], r[1][i], engine + " thread " + t + " face " + i + " (batches of " + BATCH + ")");
                            checked++;
                        }
                    }
                    assertEquals(true, checked >= BATCH, "each thread checked at least one batch");
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
