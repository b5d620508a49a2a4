package org.fer4j.vision.output;

import java.io.IOException;
import java.nio.file.Files;

import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.vision.AnalysisSummary;
import org.fer4j.vision.FrameSource;

/**
 * Writes {@code <stem>.timeline.png} for a video or camera run: one panel per track with its seven smoothed
 * probabilities over time and the shot cuts marked ({@link TimelineRenderer}). Still images have no time axis and get
 * no timeline (the report shows a table instead). Reads only the run's summary, never the pixels.
 */
public final class TimelineSink implements FrameSink {
    private OutputContext context;

    /** @param stem the run's file stem @return the timeline's file name */
    public static String fileName(String stem) {
        return stem + ".timeline.png";
    }

    @Override
    public void open(OutputContext context) {
        this.context = context;
        if (context.stream()) {
            TimelineRenderer.warmUp();
        }
    }

    @Override
    public boolean accept(FrameSource.Frame frame, FrameResult result) {
        return true;
    }

    @Override
    public void finish(AnalysisSummary summary) throws IOException {
        if (context.stream()) {
            Files.write(context.staged(fileName(context.stem())), TimelineRenderer.png(summary, context.sourceName()));
        }
    }

    @Override
    public void close() {
    }
}
