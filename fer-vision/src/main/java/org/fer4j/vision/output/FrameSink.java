package org.fer4j.vision.output;

import java.io.IOException;

import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.vision.AnalysisSummary;
import org.fer4j.vision.FrameSource;

/**
 * One kind of output of an analysis run (JSON lines, annotated video or images, a preview window, a timeline, a report).
 * The {@link org.fer4j.vision.Analyzer} calls {@link #open} once, {@link #accept} for every frame in frame order on one
 * thread, {@link #finish} once after the last frame of a run that succeeded, and {@link #close} always. A sink writes
 * only inside {@link OutputContext#stagingDir()}: the analyzer moves the staged files into the output folder when the
 * whole run succeeded, so a failed run leaves nothing half-written.
 */
public interface FrameSink extends AutoCloseable {

    /**
     * Called once before the first frame.
     *
     * @param context the source and where to stage files
     * @throws IOException when the sink cannot prepare its output
     */
    void open(OutputContext context) throws IOException;

    /**
     * Called for every frame, in frame order.
     *
     * @param frame the frame; its pixels are valid only during this call (copy them to keep them)
     * @param result what the pipeline found in it
     * @throws IOException when writing fails
     * @return {@code false} to stop the run early (a preview window closed by the user), {@code true} to go on
     */
    boolean accept(FrameSource.Frame frame, FrameResult result) throws IOException;

    /**
     * Called once after the last frame of a run that succeeded: write what needs the whole run.
     *
     * @param summary the run's totals
     * @throws IOException when writing fails
     */
    default void finish(AnalysisSummary summary) throws IOException {
    }

    /**
     * @return whether {@link #accept} reads the frame's pixels; sinks that only write results let the analyzer skip
     *     copying frames between threads
     */
    default boolean needsPixels() {
        return false;
    }

    /** Releases native memory and open files; called after {@link #finish} or after a failure. */
    @Override
    void close();
}
