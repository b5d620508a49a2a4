package org.fer4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.fer4j.core.FaceDetector;
import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.testing.SharedData;
import org.fer4j.vision.output.FrameSink;
import org.fer4j.vision.output.OutputContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Mat;

/** The pipelined frame loop gives the sequential loop's outputs, stops cleanly and never hangs on a failure. */
class PipelinedLoopTest {
    @TempDir
    Path tmp;

    private Analyzer.Result analyze(Path video, Path out, boolean pipelined, FrameSink extra) {
        try (FrameSource src = FrameSources.open(video.toString()); FaceDetector<Mat> det = FaceDetectors.builder().build()) {
            Analyzer.Builder b = Analyzer.builder(det, new BrightnessClassifier()).optPipelined(pipelined);
            if (extra != null) {
                b.optSink(() -> extra);
            }
            return b.build().run(src, out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"short_hamilton_clip.mp4", "clip_01_tears_of_steel.mp4"})
    void pipelinedAndSequentialWriteTheSameResults(String clip) throws Exception {
        Path video = SharedData.require("video/" + clip);
        Analyzer.Result seq = analyze(video, tmp.resolve("seq"), false, null);
        Analyzer.Result pip = analyze(video, tmp.resolve("pip"), true, null);
        List<String> a = Files.readAllLines(seq.jsonl());
        List<String> b = Files.readAllLines(pip.jsonl());
        assertEquals(a.size(), b.size());
        assertEquals(a, b, "JSON lines differ between the sequential and the pipelined loop");
        assertEquals(Files.readString(seq.summaryFile()), Files.readString(pip.summaryFile()));
        assertTrue(seq.summary().faces() > 0);
        // the annotated videos hold the same number of frames
        assertEquals(frames(seq.annotated()), frames(pip.annotated()));
        assertEquals(a.size(), frames(pip.annotated()));
        System.out.printf("%s: %d frames, %d faces; sequential %.2f s, pipelined %.2f s%n", clip, a.size(), pip.summary().faces(),
                seq.seconds(), pip.seconds());
    }

    @Test
    void aFailingSinkFailsTheRunWithItsErrorAndLeavesNothing() throws Exception {
        Path video = SharedData.require("video/short_hamilton_clip.mp4");
        Path out = tmp.resolve("fail");
        IOException e = assertThrows(IOException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try {
                analyze(video, out, true, new CountingSink(40, true));
            } catch (VisionException v) {
                throw (IOException) v.getCause();
            }
        }));
        assertEquals("disk full at frame 40", e.getMessage());
        // the run made the output folder and committed nothing: the folder goes too
        assertFalse(Files.exists(out), "a failed run left " + out + " behind");
    }

    @Test
    void aSinkThatStopsTheRunLimitsEveryOutputToTheFramesSeen() throws Exception {
        Path video = SharedData.require("video/short_hamilton_clip.mp4");
        CountingSink stop = new CountingSink(30, false);
        Analyzer.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> analyze(video, tmp.resolve("stop"), true, stop));
        assertTrue(r.stoppedByUser());
        assertEquals(31, Files.readAllLines(r.jsonl()).size());
        assertEquals(31, r.summary().frames());
        assertEquals(31, frames(r.annotated()));
    }

    @Test
    void aDecoderFailureReachesTheCaller() {
        OpenCvRuntime.load();
        FrameSource broken = new FrameSource() {
            private final Mat mat = new Mat(120, 160, org.opencv.core.CvType.CV_8UC3, new org.opencv.core.Scalar(90, 90, 90));
            private int i;

            @Override
            public String name() {
                return "broken.mp4";
            }

            @Override
            public boolean isStream() {
                return true;
            }

            @Override
            public long expectedFrames() {
                return 100;
            }

            @Override
            public double fps() {
                return 25;
            }

            @Override
            public Frame next() {
                if (i == 20) {
                    throw new VisionException(name(), "decoding failed at frame 20");
                }
                i++;
                return new Frame(mat, i - 1, (i - 1) * 40.0, name());
            }

            @Override
            public void close() {
                mat.release();
            }
        };
        VisionException e = assertThrows(VisionException.class, () -> assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (FaceDetector<Mat> det = FaceDetectors.builder().build()) {
                Analyzer.builder(det, new BrightnessClassifier()).build().run(broken, tmp.resolve("broken"));
            }
        }));
        assertEquals("broken.mp4: decoding failed at frame 20", e.getMessage());
        broken.close();
    }

    private static int frames(Path video) {
        int n = 0;
        try (FrameSource back = FrameSources.open(video.toString())) {
            while (back.next() != null) {
                n++;
            }
        }
        return n;
    }

    /** Fails with an IOException, or asks to stop, at one frame. */
    private static final class CountingSink implements FrameSink {
        private final long at;
        private final boolean fail;

        CountingSink(long at, boolean fail) {
            this.at = at;
            this.fail = fail;
        }

        @Override
        public void open(OutputContext context) {
        }

        @Override
        public boolean accept(FrameSource.Frame frame, FrameResult result) throws IOException {
            if (frame.index() == at && fail) {
                throw new IOException("disk full at frame " + at);
            }
            return frame.index() != at;
        }

        @Override
        public void close() {
        }
    }
}
