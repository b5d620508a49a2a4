package org.fer4j.train;

import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

import org.fer4j.core.Dataset;
import org.fer4j.core.Emotion;
import org.fer4j.core.FaceImage;
import org.fer4j.models.Preprocessing;

/**
 * Builds the input batches of one epoch on a background thread (decode, augment, normalize), so that data preparation
 * overlaps the network's work. Each batch's randomness comes from (seed, epoch, batch index) alone, so batches are the
 * same whichever thread builds them and whether or not the run was resumed.
 */
final class BatchSource implements AutoCloseable {
    /** One batch: inputs (n x 2304), class labels, and target distributions (n x 7) or {@code null} for plain labels. */
    record Batch(int index, float[] x, int[] y, float[] t, int size) {
    }

    /**
     * Soft targets: per-face distributions (FER+ votes, teacher probabilities) mixed into the labels, and mixup or cutmix.
     * Off ({@link #NONE}) leaves every random stream as it was, so runs that do not use it batch exactly as before.
     *
     * @param soft per dataset row a seven-class distribution, or a row of zeros where there is none; may be null
     * @param weight share of the target taken from {@code soft}
     * @param mixupAlpha Beta(alpha, alpha) for the mixup weight; 0 = no mixup
     * @param cutmixAlpha Beta(alpha, alpha) for the share of a face kept by cutmix; 0 = no cutmix. With both on, each
     *     batch uses one of the two, chosen with equal odds
     */
    record Targets(float[][] soft, float weight, float mixupAlpha, float cutmixAlpha) {
        static final Targets NONE = new Targets(null, 0, 0, 0);

        boolean on() {
            return (soft != null && weight > 0) || mixupAlpha > 0 || cutmixAlpha > 0;
        }
    }

    private static final Batch END = new Batch(-1, null, null, null, 0);
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4);
    private final Thread worker;
    private volatile Throwable failure;

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
        this(data, order, batchSize, pre, augmenter, seed, epoch, Targets.NONE);
    }

    /**
     * @param data the faces
     * @param order this epoch's order of row indices
     * @param batchSize faces per batch (the last batch may be smaller)
     * @param pre preprocessing of the model
     * @param augmenter augmentation, or {@code null}
     * @param seed run seed
     * @param epoch epoch number, mixed into the random streams
     * @param targets soft-target settings
     */
    BatchSource(Dataset data, int[] order, int batchSize, Preprocessing pre, Augmenter augmenter, long seed, int epoch, Targets targets) {
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
                    float[] t = targets.on() ? softTargets(order, from, y, targets, x, new SplittableRandom(mix(seed, epoch, b) ^ MIXUP_STREAM)) : null;
                    queue.put(new Batch(b, x, y, t, n));
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                // The queue may be full: a plain offer of END would be lost and the consumer would wait forever. The
                // epoch is lost anyway, so drop its pending batches and make room for the end marker.
                failure = e;
                queue.clear();
                queue.offer(END);
            }
        }, "fer4j-batches");
        worker.setDaemon(true);
        worker.start();
    }

    /** Separates the mixup stream from the augmentation stream of the same batch. */
    private static final long MIXUP_STREAM = 0x5DEECE66DL;

    /** Builds the batch's target rows and, with mixup or cutmix, blends inputs and targets in place with a shuffled partner. */
    static float[] softTargets(int[] order, int from, int[] y, Targets targets, float[] x, SplittableRandom rnd) {
        int n = y.length;
        int k = Emotion.COUNT;
        float[] t = new float[n * k];
        for (int i = 0; i < n; i++) {
            float[] fp = targets.soft() == null ? null : targets.soft()[order[from + i]];
            boolean hasVotes = fp != null && sum(fp) > 0;
            float w = hasVotes ? targets.weight() : 0f;
            for (int c = 0; c < k; c++) {
                t[i * k + c] = (c == y[i] ? 1f - w : 0f) + (hasVotes ? w * fp[c] : 0f);
            }
        }
        boolean mixup = targets.mixupAlpha() > 0;
        boolean cutmix = targets.cutmixAlpha() > 0;
        if ((mixup || cutmix) && n > 1) {
            // the coin is drawn only when both are on, so mixup-only runs keep the stream they always had
            if (mixup && cutmix) {
                cutmix = rnd.nextBoolean();
            }
            float lambda = (float) beta(cutmix ? targets.cutmixAlpha() : targets.mixupAlpha(), rnd);
            int[] partner = shuffled(n, rnd::nextInt);
            float[] x0 = x.clone();
            if (cutmix) {
                lambda = pasteBox(x, x0, partner, lambda, rnd);
            } else {
                int px = FaceImage.PIXELS;
                for (int i = 0; i < n; i++) {
                    int p = partner[i];
                    for (int q = 0; q < px; q++) {
                        x[i * px + q] = lambda * x0[i * px + q] + (1 - lambda) * x0[p * px + q];
                    }
                }
            }
            float[] t0 = t.clone();
            for (int i = 0; i < n; i++) {
                int p = partner[i];
                for (int c = 0; c < k; c++) {
                    t[i * k + c] = lambda * t0[i * k + c] + (1 - lambda) * t0[p * k + c];
                }
            }
        }
        return t;
    }

    /**
     * Fisher-Yates shuffle of 0 .. n-1.
     *
     * @param nextInt a uniform draw from 0 .. bound-1 for a given bound (the caller's random stream)
     */
    static int[] shuffled(int n, IntUnaryOperator nextInt) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt.applyAsInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    /**
     * Cutmix: pastes one box, covering about {@code 1 - lambda} of the face and placed at random (clipped at the edges),
     * from each face's partner into the face; the same box for the whole batch, as in the cutmix paper.
     *
     * @return the share of each face that is its own after clipping, which weighs the targets
     */
    static float pasteBox(float[] x, float[] x0, int[] partner, float lambda, SplittableRandom rnd) {
        int side = FaceImage.SIZE;
        double cut = Math.sqrt(1 - lambda);
        int w = (int) (side * cut);
        int cx = rnd.nextInt(side);
        int cy = rnd.nextInt(side);
        int x1 = Math.max(cx - w / 2, 0);
        int x2 = Math.min(cx + w / 2, side);
        int y1 = Math.max(cy - w / 2, 0);
        int y2 = Math.min(cy + w / 2, side);
        int px = FaceImage.PIXELS;
        for (int i = 0; i < partner.length; i++) {
            int p = partner[i];
            for (int r = y1; r < y2; r++) {
                System.arraycopy(x0, p * px + r * side + x1, x, i * px + r * side + x1, x2 - x1);
            }
        }
        return 1f - (float) ((x2 - x1) * (y2 - y1)) / px;
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float f : v) {
            s += f;
        }
        return s;
    }

    /** A Beta(a, a) draw as G1 / (G1 + G2) of two Gamma(a) draws. */
    static double beta(double a, SplittableRandom rnd) {
        double g1 = gamma(a, rnd);
        double g2 = gamma(a, rnd);
        return g1 + g2 == 0 ? 0.5 : g1 / (g1 + g2);
    }

    /** Marsaglia and Tsang's Gamma(a, 1) sampler; shapes below 1 through Gamma(a + 1) * U^(1/a). */
    static double gamma(double a, SplittableRandom rnd) {
        if (a < 1) {
            return gamma(a + 1, rnd) * Math.pow(rnd.nextDouble(), 1 / a);
        }
        double d = a - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = rnd.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rnd.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    static long mix(long seed, int epoch, int batch) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + batch * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    /**
     * @return the next batch, or {@code null} at the end of the epoch
     * @throws IllegalStateException carrying the worker's error when building a batch failed; never blocks on a worker
     *     that has stopped
     */
    Batch next() {
        try {
            while (true) {
                rethrowFailure();
                Batch b = queue.poll(200, TimeUnit.MILLISECONDS);
                if (b == END) {
                    rethrowFailure();
                    return null;
                }
                if (b != null) {
                    return b;
                }
                // a worker that ended without its end marker (killed by an error thrown past its handler) must not hang us
                if (!worker.isAlive() && queue.isEmpty()) {
                    rethrowFailure();
                    throw new IllegalStateException("the batch worker stopped before the end of the epoch");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
    }

    private void rethrowFailure() {
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("building a training batch failed: " + f, f);
        }
    }

    @Override
    public void close() {
        worker.interrupt();
    }
}
