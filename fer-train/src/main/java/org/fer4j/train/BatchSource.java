package org.fer4j.train;

import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.fer4j.core.Dataset;
import org.fer4j.core.FaceImage;
import org.fer4j.models.Preprocessing;

/**
 * Builds the input batches of one epoch on a background thread (decode, augment, normalize), so that data preparation
 * overlaps the network's work. Each batch's randomness comes from (seed, epoch, batch index) alone, so batches are the
 * same whichever thread builds them and whether or not the run was resumed.
 */
final class BatchSource implements AutoCloseable {
    /** One batch: inputs (n x 2304) and labels. */
    record Batch(int index, float[] x, int[] y, int size) {
    }

    private static final Batch END = new Batch(-1, null, null, 0);
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4);
    private final Thread worker;
    private volatile RuntimeException failure;

    /**
     * @param data the faces
     * @param order this epoch's order of row indices
     * @param batchSize faces per batch (the last batch may be smaller)
     * @param pre preprocessing of the model
     * @param augmenter augmentation, or {@code null}
     * @param seed run seed
     * @param epoch epoch number, mixed into the random streams
     */
    BatchSource(Dataset data, int[] order, int batchSize, Preprocessing pre, Augmenter augmenter, long seed, int epoch) {
        worker = new Thread(() -> {
            try {
                float[] tmp = new float[FaceImage.PIXELS];
                byte[] px = new byte[FaceImage.PIXELS];
                int batches = (order.length + batchSize - 1) / batchSize;
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize;
                    int n = Math.min(batchSize, order.length - from);
                    float[] x = new float[n * FaceImage.PIXELS];
                    int[] y = new int[n];
                    SplittableRandom rnd = new SplittableRandom(mix(seed, epoch, b));
                    for (int i = 0; i < n; i++) {
                        int row = order[from + i];
                        data.image(row).copyTo(px, 0);
                        pre.toGray(px, 0, x, i * FaceImage.PIXELS);
                        if (augmenter != null) {
                            augmenter.apply(x, i * FaceImage.PIXELS, tmp, rnd);
                        }
                        pre.normalize(x, i * FaceImage.PIXELS, FaceImage.PIXELS);
                        y[i] = data.label(row).index();
                    }
                    queue.put(new Batch(b, x, y, n));
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
                queue.offer(END);
            }
        }, "fer4j-batches");
        worker.setDaemon(true);
        worker.start();
    }

    static long mix(long seed, int epoch, int batch) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + batch * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    /** @return the next batch, or {@code null} at the end of the epoch */
    Batch next() {
        try {
            Batch b = queue.take();
            if (b == END) {
                if (failure != null) {
                    throw failure;
                }
                return null;
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
