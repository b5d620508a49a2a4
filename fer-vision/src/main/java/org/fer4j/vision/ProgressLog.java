package org.fer4j.vision;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a long run's progress every two seconds: frames done, rate and, when the length is known, share and time left. */
final class ProgressLog {
    private static final Logger LOG = LoggerFactory.getLogger(Analyzer.class);
    private static final long PERIOD_NS = 2_000_000_000L;

    private final String name;
    private final long expected;
    private final long t0 = System.nanoTime();
    private long last = t0;
    private long done;

    ProgressLog(String name, long expected) {
        this.name = name;
        this.expected = expected;
    }

    void frameDone() {
        done++;
        long now = System.nanoTime();
        if (now - last < PERIOD_NS) {
            return;
        }
        last = now;
        double fps = done / ((now - t0) / 1e9);
        if (expected > 0) {
            LOG.info(String.format("%s: frame %d/%d (%.0f%%), %.1f frames/s, %.0f s left", name, done, expected,
                    100.0 * done / expected, fps, Math.max(0, expected - done) / fps));
        } else {
            LOG.info(String.format("%s: frame %d, %.1f frames/s", name, done, fps));
        }
    }
}
