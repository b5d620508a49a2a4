package org.fer4j.vision.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.vision.AnalysisSummary;
import org.fer4j.vision.FrameSource;

import com.google.gson.GsonBuilder;

/** Writes {@code <stem>.summary.json}: frames, faces and each track's time span and emotion shares. */
public final class SummarySink implements FrameSink {
    private OutputContext context;

    @Override
    public void open(OutputContext c) {
        this.context = c;
    }

    @Override
    public boolean accept(FrameSource.Frame frame, FrameResult result) {
        return true;
    }

    @Override
    public void finish(AnalysisSummary summary) throws IOException {
        Files.writeString(context.staged(context.stem() + ".summary.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(summary.asMap()), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
    }
}
