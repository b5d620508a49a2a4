package org.fer4j.vision.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.vision.FrameSource;

/** Writes {@code <stem>.jsonl}: one {@link FrameRecord} per frame or image, in frame order. */
public final class JsonLinesSink implements FrameSink {
    private BufferedWriter out;
    private OutputContext context;

    @Override
    public void open(OutputContext c) throws IOException {
        this.context = c;
        this.out = Files.newBufferedWriter(c.staged(c.stem() + ".jsonl"), StandardCharsets.UTF_8);
    }

    @Override
    public boolean accept(FrameSource.Frame frame, FrameResult result) throws IOException {
        out.write(FrameRecord.of(context.stream() ? context.sourceName() : frame.name(), result).toJson());
        out.write('\n');
        return true;
    }

    @Override
    public void finish(org.fer4j.vision.AnalysisSummary summary) throws IOException {
        // close here, not only in close(), so that a failing flush (a full disk) fails the run
        out.close();
        out = null;
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the run already failed; its staging folder is deleted
            }
        }
    }
}
