package org.fer4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.fer4j.core.Detection;
import org.fer4j.core.FaceDetector;
import org.fer4j.core.FerException;
import org.fer4j.testing.SharedData;
import org.fer4j.vision.output.FrameRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/**
 * Resumable segmented runs ({@link Analyzer.Builder#optResume}) on a 60-second video looped from a shared clip: a run
 * stopped by a failure in its third segment and started again gives the same outputs as an uninterrupted run, without
 * analyzing the completed segments again; frame numbers and times are the whole file's; a work folder made for
 * another input is refused.
 */
class SegmentedRunTest {
    /** 60 s at 8 frames/s: 480 frames, four segments of 15 s; small enough for CI. */
    private static final double FPS = 8;
    private static final int SECONDS = 60;
    private static final int SEGMENT = 15;

    @TempDir
    static Path shared;
    private static Path video;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loopClip() {
        Path clip = SharedData.require("video/short_hamilton_clip.mp4");
        video = shared.resolve("in").resolve("looped.mp4");
        loop(clip, video, SECONDS, FPS);
    }

    /** Writes a video of {@code seconds} at {@code fps} whose frame j is the clip's frame at time j / fps, looping. */
    static void loop(Path clip, Path out, int seconds, double fps) {
        List<Mat> frames = new ArrayList<>();
        double clipFps;
        try (FrameSource src = FrameSources.open(clip.toString())) {
            clipFps = src.fps();
            for (FrameSource.Frame f; (f = src.next()) != null;) {
                frames.add(f.image().clone());
            }
        }
        try {
            Files.createDirectories(out.getParent());
            Mat first = frames.get(0);
            try (FfmpegVideo.Writer w = new FfmpegVideo.Writer(out, first.cols(), first.rows(), fps)) {
                for (int j = 0; j < seconds * fps; j++) {
                    w.write(frames.get((int) Math.floor(j / fps * clipFps) % frames.size()));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            frames.forEach(Mat::release);
        }
    }

    /** The default detector, counting its calls and failing at a chosen call to stand for a crash. */
    private static final class CountingDetector implements FaceDetector<Mat> {
        private final FaceDetector<Mat> inner = FaceDetectors.builder().build();
        private final int failAt;
        int calls;

        CountingDetector(int failAt) {
            this.failAt = failAt;
        }

        @Override
        public List<Detection> detect(Mat frame) {
            if (calls++ == failAt) {
                throw new IllegalStateException("simulated crash at detector call " + failAt);
            }
            return inner.detect(frame);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private static Analyzer.Result resumable(CountingDetector det, Path out) {
        try (det) {
            return Analyzer.builder(det, new BrightnessClassifier()).optResume(true).optSegmentSeconds(SEGMENT).build().run(video, out);
        }
    }

    private static Path work(Path out) {
        return out.resolve(SegmentedRun.PREFIX + "looped");
    }

    @Test
    void resumedRunMatchesAnUninterruptedOneAndSkipsCompletedSegments() throws Exception {
        long total = (long) (SECONDS * FPS);
        Path whole = tmp.resolve("whole");
        CountingDetector all = new CountingDetector(-1);
        Analyzer.Result expected = resumable(all, whole);
        assertEquals(total, all.calls, "an uninterrupted run detects on every frame once");
        assertEquals(total, expected.summary().frames());
        assertFalse(Files.exists(work(whole)), "the work folder is removed once the outputs are in place");

        // a crash in the third segment: segments 0 and 1 are kept, nothing final is written
        Path out = tmp.resolve("resumed");
        long crashAt = 2 * SEGMENT * (long) FPS + 17;
        assertThrows(IllegalStateException.class, () -> resumable(new CountingDetector((int) crashAt), out));
        assertEquals(new TreeSet<>(List.of("seg-00000", "seg-00001")), SegmentedRun.completedSegments(work(out)));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(work(out).getFileName().toString()), s.map(p -> p.getFileName().toString()).toList(),
                    "only the work folder is left: no half-written output, no unfinished segment");
        }

        CountingDetector rest = new CountingDetector(-1);
        Analyzer.Result resumed = resumable(rest, out);
        assertEquals(total - 2 * SEGMENT * (long) FPS, rest.calls, "the completed segments are not analyzed again");
        assertArrayEquals(Files.readAllBytes(expected.jsonl()), Files.readAllBytes(resumed.jsonl()));
        assertEquals(Files.readString(expected.summaryFile()), Files.readString(resumed.summaryFile()));
        assertEquals(total, frames(resumed.annotated()), "the joined annotated video holds every frame");
        assertFalse(Files.exists(work(out)));

        // frame numbers and times are those of a whole-file run; tracks restart at each segment but stay unique
        Path plainOut = tmp.resolve("plain");
        Analyzer.Result plain;
        try (FrameSource src = FrameSources.open(video.toString()); CountingDetector det = new CountingDetector(-1)) {
            plain = Analyzer.builder(det, new BrightnessClassifier()).build().run(src, plainOut);
        }
        List<String> a = Files.readAllLines(plain.jsonl());
        List<String> b = Files.readAllLines(resumed.jsonl());
        assertEquals(a.size(), b.size());
        int lastTrackBefore = -1;
        for (int i = 0; i < a.size(); i++) {
            FrameRecord p = FrameRecord.parse(a.get(i));
            FrameRecord r = FrameRecord.parse(b.get(i));
            assertEquals(p.frame(), r.frame());
            assertEquals(p.timeMs(), r.timeMs());
            assertEquals(p.faces().size(), r.faces().size(), "frame " + i + ": detection does not depend on segments");
            boolean segmentStart = i % (SEGMENT * (int) FPS) == 0;
            for (FrameRecord.Face f : r.faces()) {
                if (segmentStart) {
                    assertTrue(f.track() > lastTrackBefore, "frame " + i + ": a new segment's tracks continue the numbering");
                }
            }
            for (FrameRecord.Face f : r.faces()) {
                lastTrackBefore = Math.max(lastTrackBefore, f.track());
            }
        }
        assertTrue(resumed.summary().faces() > 0, "the looped clip has faces");
    }

    @Test
    void workFolderOfAnotherInputOrOtherSettingsIsRefused() throws Exception {
        Path out = tmp.resolve("out");
        assertThrows(IllegalStateException.class, () -> resumable(new CountingDetector((int) (SEGMENT * FPS + 3)), out));
        assertEquals(new TreeSet<>(List.of("seg-00000")), SegmentedRun.completedSegments(work(out)));

        // the same name, other content: another clip looped to a shorter video
        Path other = tmp.resolve("other").resolve("looped.mp4");
        loop(SharedData.require("video/clip_01_tears_of_steel.mp4"), other, 20, FPS);
        FerException e = assertThrows(FerException.class, () -> {
            try (CountingDetector det = new CountingDetector(-1)) {
                Analyzer.builder(det, new BrightnessClassifier()).optResume(true).optSegmentSeconds(SEGMENT).build().run(other, out);
            }
        });
        assertTrue(e.getMessage().contains("another input"), e.getMessage());
        assertTrue(e.getMessage().contains(work(out).toString()), e.getMessage());

        FerException settings = assertThrows(FerException.class, () -> {
            try (CountingDetector det = new CountingDetector(-1)) {
                Analyzer.builder(det, new BrightnessClassifier()).optResume(true).optSegmentSeconds(SEGMENT).optAnnotate(false).build()
                        .run(video, out);
            }
        });
        assertTrue(settings.getMessage().contains("annotate"), settings.getMessage());
        assertEquals(new TreeSet<>(List.of("seg-00000")), SegmentedRun.completedSegments(work(out)), "a refused run leaves the work folder alone");
        Properties manifest = new Properties();
        try (var r = Files.newBufferedReader(work(out).resolve("manifest.properties"))) {
            manifest.load(r);
        }
        assertEquals("looped.mp4", manifest.getProperty("input"));
    }

    @Test
    void resumeNeedsAVideoFile() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("images"));
        try (CountingDetector det = new CountingDetector(-1)) {
            Analyzer a = Analyzer.builder(det, new BrightnessClassifier()).optResume(true).build();
            VisionException e = assertThrows(VisionException.class, () -> a.run(folder, tmp.resolve("out")));
            assertTrue(e.getMessage().contains("video file"), e.getMessage());
            try (FrameSource src = FrameSources.open(video.toString())) {
                assertThrows(IllegalStateException.class, () -> a.run(src, tmp.resolve("out")));
            }
        }
    }

    private static long frames(Path video) {
        long n = 0;
        try (FrameSource back = FrameSources.open(video.toString())) {
            while (back.next() != null) {
                n++;
            }
        }
        return n;
    }
}
