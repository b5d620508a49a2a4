package org.fer4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/** The mp4 encoder behind annotated videos: what it writes decodes again, and misuse fails naming the file. */
class VideoWriterTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(VideoCodec.class)
    void writtenFramesDecodeAgainAtTheirSizeAndColour(VideoCodec codec) throws Exception {
        OpenCvRuntime.load();
        Path file = dir.resolve("grey-" + codec.id() + ".mp4");
        Mat grey = new Mat(48, 64, CvType.CV_8UC3, new Scalar(90, 120, 150));
        try (FfmpegVideo.Writer w = new FfmpegVideo.Writer(file, 64, 48, 10, codec)) {
            for (int i = 0; i < 5; i++) {
                w.write(grey);
            }
        } finally {
            grey.release();
        }
        int frames = 0;
        try (FrameSource back = FrameSources.open(file.toString())) {
            for (FrameSource.Frame f; (f = back.next()) != null; frames++) {
                assertEquals(64, f.image().cols());
                assertEquals(48, f.image().rows());
                double[] bgr = org.opencv.core.Core.mean(f.image()).val;
                assertEquals(90, bgr[0], 4, codec + " blue");
                assertEquals(150, bgr[2], 4, codec + " red");
            }
        }
        assertEquals(5, frames);
    }

    @Test
    void codecNamesParseAndAnythingElseNamesTheChoices() {
        assertEquals(VideoCodec.MPEG4, VideoCodec.parse("MPEG4"));
        assertEquals(VideoCodec.H264, VideoCodec.parse("h264"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VideoCodec.parse("vp9"));
        assertTrue(e.getMessage().contains("h264") && e.getMessage().contains("mpeg4"), e.getMessage());
    }

    @Test
    void misuseNamesTheFile() {
        OpenCvRuntime.load();
        Path nowhere = dir.resolve("no-such-folder").resolve("out.mp4");
        VisionException e = assertThrows(VisionException.class, () -> new FfmpegVideo.Writer(nowhere, 64, 48, 10).close());
        assertTrue(e.getMessage().startsWith(nowhere + ": cannot start the video encoder"), e.getMessage());

        Path file = dir.resolve("sized.mp4");
        Mat small = new Mat(24, 32, CvType.CV_8UC3);
        try (FfmpegVideo.Writer w = new FfmpegVideo.Writer(file, 64, 48, 10)) {
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> w.write(small));
            assertTrue(bad.getMessage().contains(file + ": the encoder takes 64x48 BGR frames, got 32x24"), bad.getMessage());
        } finally {
            small.release();
        }
    }

    @Test
    void aFullDiskIsReportedInWordsNamingTheFile() {
        // /dev/full accepts the open and fails every write with ENOSPC, as a full disk does
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.isWritable(full), "SKIPPED: no /dev/full on this system");
        OpenCvRuntime.load();
        Mat frame = new Mat(240, 320, CvType.CV_8UC3, new Scalar(90, 120, 150));
        try {
            VisionException e = assertThrows(VisionException.class, () -> {
                try (FfmpegVideo.Writer w = new FfmpegVideo.Writer(full, 320, 240, 25)) {
                    for (int i = 0; i < 100; i++) {
                        w.write(frame);
                    }
                }
            });
            assertTrue(e.getMessage().startsWith(full + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        } finally {
            frame.release();
        }
        assertEquals("av_write_frame() error -28 (No space left on device) while writing video packet.",
                FfmpegVideo.explain("av_write_frame() error -28 while writing video packet."));
    }
}
