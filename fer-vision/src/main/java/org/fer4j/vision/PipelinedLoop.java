package org.fer4j.vision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.fer4j.core.pipeline.FrameResult;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyzer's frame loop on three threads: a decoder copies each frame into a buffer from a fixed pool, the calling
 * thread analyzes frames in order, and a writer hands results to the sinks in order. Each stage is one thread, so frame
 * order and results are those of the sequential loop; the pool and the two queues bound memory whatever the input's
 * length. A failure in any stage stops the others (they wait with time-outs and check for it, so none can block for
 * ever on a queue whose other end is gone) and is rethrown to the caller.
 */
final class PipelinedLoop {
    private static final Logger LOG = LoggerFactory.getLogger(PipelinedLoop.class);
    /** Frames waiting between two stages: enough to absorb jitter, small enough to keep memory flat. */
    private static final int QUEUE = 3;
    /** Buffers: both queues full plus one frame in each stage. */
    private static final int POOL = 2 * QUEUE + 3;
    private static final long WAIT_MS = 50;
    private static final Item END = new Item(null, null);

    private final Analyzer.Stages stages;
    private final boolean pixels;
    private final BlockingQueue<Mat> free = new ArrayBlockingQueue<>(POOL);
    private final List<Mat> all = new ArrayList<>(POOL);
    private final BlockingQueue<Item> decoded = new ArrayBlockingQueue<>(QUEUE);
    private final BlockingQueue<Item> analyzed = new ArrayBlockingQueue<>(QUEUE);
    private volatile Throwable failure;
    private volatile boolean stopped;

    /** A frame on its way, with its result once analyzed. */
    private record Item(FrameSource.Frame frame, FrameResult result) {
    }

    /**
     * @param stages the per-frame work
     * @param pixels whether a sink reads the frames' pixels; if none does, buffers return to the pool right after analysis
     */
    PipelinedLoop(Analyzer.Stages stages, boolean pixels) {
        this.stages = stages;
        this.pixels = pixels;
        for (int i = 0; i < POOL; i++) {
            Mat m = new Mat();
            all.add(m);
            free.add(m);
        }
    }

    /**
     * @return whether a sink stopped the run
     * @throws IOException when a sink failed to write
     */
    boolean run() throws IOException {
        Thread decoder = new Thread(this::decode, "fer-decode");
        Thread writer = new Thread(this::write, "fer-write");
        decoder.setDaemon(true);
        writer.setDaemon(true);
        decoder.start();
        writer.start();
        try {
            analyze();
        } catch (Throwable t) {
            fail(t);
        }
        if (join(writer) & join(decoder)) {
            all.forEach(Mat::release);
        }
        Throwable t = failure;
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new UncheckedIOException(new IOException(t));
        }
        return stopped;
    }

    private void decode() {
        try {
            FrameSource source = stages.source();
            for (FrameSource.Frame f; !halted() && (f = source.next()) != null;) {
                Mat buffer = take(free);
                if (buffer == null) {
                    return;
                }
                f.image().copyTo(buffer);
                if (!put(decoded, new Item(new FrameSource.Frame(buffer, f.index(), f.timeMs(), f.name()), null))) {
                    return;
                }
            }
            put(decoded, END);
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void analyze() {
        while (true) {
            Item item = take(decoded);
            if (item == null) {
                return;
            }
            if (item == END) {
                put(analyzed, END);
                return;
            }
            FrameResult r = stages.analyze(item.frame());
            FrameSource.Frame f = item.frame();
            if (!pixels) {
                free.add(f.image());
                f = new FrameSource.Frame(null, f.index(), f.timeMs(), f.name());
            }
            if (!put(analyzed, new Item(f, r))) {
                return;
            }
        }
    }

    private void write() {
        try {
            while (true) {
                Item item = take(analyzed);
                if (item == null || item == END) {
                    return;
                }
                boolean go = stages.emit(item.frame(), item.result());
                if (item.frame().image() != null) {
                    free.add(item.frame().image());
                }
                if (!go) {
                    stopped = true;
                    return;
                }
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    private boolean halted() {
        return failure != null || stopped;
    }

    private synchronized void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        } else if (failure != t) {
            failure.addSuppressed(t);
        }
    }

    /** @return the next element, or null once the loop is halted */
    private <T> T take(BlockingQueue<T> q) {
        try {
            while (!halted()) {
                T t = q.poll(WAIT_MS, TimeUnit.MILLISECONDS);
                if (t != null) {
                    return t;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
        return null;
    }

    /** @return false once the loop is halted before the element found room */
    private <T> boolean put(BlockingQueue<T> q, T t) {
        try {
            while (!halted()) {
                if (q.offer(t, WAIT_MS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
        return false;
    }

    /** @return whether the thread ended, so that the buffers it may hold can be released */
    private boolean join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(e);
        }
        if (t.isAlive()) {
            // a decoder blocked inside a camera read: a daemon that ends with the JVM; its buffers are left to it
            LOG.warn("{} did not stop within 30 s", t.getName());
            return false;
        }
        return true;
    }
}
