package org.fer4j.vision;

import java.util.ArrayDeque;
import java.util.Deque;

import org.opencv.core.Mat;

/** Releases the native memory of every {@link Mat} it was given, in reverse order, at the end of a try block. */
final class Closer implements AutoCloseable {
    private final Deque<Mat> mats = new ArrayDeque<>();

    <M extends Mat> M add(M m) {
        mats.push(m);
        return m;
    }

    @Override
    public void close() {
        while (!mats.isEmpty()) {
            mats.pop().release();
        }
    }
}
