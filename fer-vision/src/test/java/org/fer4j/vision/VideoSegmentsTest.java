package org.fer4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fer4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Mat;

class VideoSegmentsTest {
    @TempDir
    Path tmp;

    /** One decoded frame: number, time and a digest of its pixels. */
    private record Seen(long index, double timeMs, int pixels) {
    }

    private static List<Seen> read(FrameSource src) {
        List<Seen> out = new ArrayList<>();
        for (FrameSource.Frame f; (f = src.next()) != null;) {
            Mat m = f.image();
            byte[] b = new byte[(int) (m.total() * m.channels())];
            m.get(0, 0, b);
            out.add(new Seen(f.index(), f.timeMs(), Arrays.hashCode(b)));
        }
        return out;
    }

    /**
     * Segments cut at arbitrary times (mid keyframe interval, on a frame's exact time, past the end) give, joined, exactly
     * the frames, numbers, times and pixels of one whole-file read.
     */
    @ParameterizedTest
    @ValueSource(strings = {"short_hamilton_clip.mp4", "clip_01_tears_of_steel.mp4"})
    void segmentsJoinToTheWholeFile(String clip) {
        Path video = SharedData.require("video/" + clip);
        List<Seen> whole;
        try (FrameSource src = FrameSources.open(video.toString())) {
            whole = read(src);
        }
        VideoSegments.VideoInfo info = VideoSegments.probe(video);
        assertEquals(whole.size(), info.frames(), "probe frame count");
        double exact = whole.get(whole.size() / 2).timeMs(); // a cut exactly on a frame's time
        double[] cuts = {0, 1234.5, 2000, exact, info.durationMs() - 100, Double.POSITIVE_INFINITY};
        Arrays.sort(cuts);
        List<Seen> joined = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.length; i++) {
            if (cuts[i] == cuts[i + 1]) {
                continue;
            }
            try (FrameSource seg = VideoSegments.openSegment(video, cuts[i], cuts[i + 1])) {
                List<Seen> part = read(seg);
                for (Seen s : part) {
                    assertTrue(s.timeMs() >= cuts[i] && s.timeMs() < cuts[i + 1], s + " outside [" + cuts[i] + ", " + cuts[i + 1] + ")");
                }
                joined.addAll(part);
            }
        }
        assertEquals(whole.size(), joined.size(), "frames");
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i), joined.get(i), "frame " + i);
        }
    }

    /** A segment after the end is empty, not an error; a bad range and a non-video are refused. */
    @Test
    void edges() throws Exception {
        Path video = SharedData.require("video/short_hamilton_clip.mp4");
        VideoSegments.VideoInfo info = VideoSegments.probe(video);
        try (FrameSource seg = VideoSegments.openSegment(video, info.durationMs() + 5000, info.durationMs() + 6000)) {
            assertEquals(0, read(seg).size());
        }
        assertThrows(IllegalArgumentException.class, () -> VideoSegments.openSegment(video, 1000, 1000));
        assertThrows(IllegalArgumentException.class, () -> VideoSegments.openSegment(video, -1, 1000));
        Path junk = Files.write(tmp.resolve("junk.mp4"), "not a video at all".getBytes());
        VisionException e = assertThrows(VisionException.class, () -> VideoSegments.probe(junk));
        assertTrue(e.getMessage().contains("junk.mp4"), e.getMessage());
        assertThrows(VisionException.class, () -> VideoSegments.openSegment(junk, 0, 1000));
    }
}
