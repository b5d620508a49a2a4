package org.fer4j.train;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.function.Supplier;

import org.fer4j.core.Dataset;
import org.fer4j.core.Emotion;
import org.fer4j.core.FaceImage;
import org.fer4j.models.Preprocessing;
import org.junit.jupiter.api.Test;

/**
 * A batch worker that fails surfaces its error to the training loop, whether the loop is waiting on an empty queue or
 * the queue is full when the worker fails (the case where the end marker used to be dropped and the loop hung).
 */
class BatchSourceFailureTest {

    @Test
    void aWorkerThatThrowsWithAFullQueueSurfacesItsError() {
        RuntimeException boom = new IllegalArgumentException("row 40 is broken");
        // batches of 4 rows: rows 0-35 fill more than the queue of 4 batches before row 40 fails
        assertFailureSurfaces(boom, failingAt(40, () -> boom), 4);
    }

    @Test
    void aWorkerKilledByAnErrorDoesNotHangTheLoop() {
        Error boom = new OutOfMemoryError("simulated");
        assertFailureSurfaces(boom, failingAt(2, () -> {
            throw boom;
        }), 1);
    }

    private static void assertFailureSurfaces(Throwable expected, Dataset data, int waitBeforeReading) {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (BatchSource src = new BatchSource(data, order, 4, Preprocessing.FER_STANDARDIZED, null, 1, 0)) {
                Thread.sleep(500L * waitBeforeReading); // let the worker fill the queue and fail
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                    while (src.next() != null) {
                        // drain: the batches before the failure may or may not still be there
                    }
                });
                assertSame(expected, e.getCause());
            }
        });
    }

    /** Rows of gray faces; reading row {@code bad} throws what {@code failure} gives. */
    private static Dataset failingAt(int bad, Supplier<RuntimeException> failure) {
        return new Dataset() {
            @Override
            public int size() {
                return 64;
            }

            @Override
            public FaceImage image(int index) {
                if (index == bad) {
                    throw failure.get();
                }
                return FaceImage.wrap(new byte[FaceImage.PIXELS]);
            }

            @Override
            public Emotion label(int index) {
                return Emotion.fromIndex(index % Emotion.COUNT);
            }
        };
    }
}
