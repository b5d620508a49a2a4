package org.fer4j.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Faces found and frames processed in each iteration, reported by JMH beside the time, so every result row says how
 * much work its frame held ({@code faces / frames} faces per frame).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class FaceCount {
    /** Faces found this iteration. */
    public long faces;
    /** Frames processed this iteration. */
    public long frames;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        faces = 0;
        frames = 0;
    }

    void add(int found) {
        faces += found;
        frames++;
    }
}
