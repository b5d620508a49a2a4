package org.fer4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.fer4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class VideoAndBadInputTest {
    @TempDir
    Path out;

    /** Both clips end to end: a JSON line per frame, as many frames as the container holds, an mp4 that decodes back. */
    @ParameterizedTest
    @ValueSource(strings = {"short_hamilton_clip.mp4", "clip_01_tears_of_steel.mp4"})
    void videoClipRunsEndToEnd(String clip) throws Exception {
        Path video = SharedData.require("video/" + clip);
        BrightnessClassifier cls = new BrightnessClassifier();
        long expected;
        Analyzer.Result r;
        try (FrameSource src = FrameSources.open(video.toString()); CascadeFaceDetector det = CascadeFaceDetector.haar()) {
            expected = src.expectedFrames();
            r = Analyzer.builder(det, cls).build().run(src, out);
        }
        List<String> lines = Files.readAllLines(r.jsonl());
        System.out.printf("%s: %d frames (container %d), %d faces, %d tracks, %d classifier calls%n", clip, lines.size(), expected,
                r.summary().faces(), r.summary().tracks(), cls.calls);
        assertEquals(expected, lines.size());
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(clip, first.get("source").getAsString());
        assertEquals(0, first.get("frame").getAsLong());
        assertTrue(first.has("time_ms") && first.has("faces"));
        assertTrue(r.summary().faces() > 0, "no face found in " + clip);
        // every frame with faces was one classifier call (faces batched per frame)
        long framesWithFaces = lines.stream().filter(l -> !l.contains("\"faces\":[]")).count();
        assertEquals(framesWithFaces, cls.calls);
        JsonObject face = lines.stream().filter(l -> !l.contains("\"faces\":[]")).findFirst()
                .map(l -> JsonParser.parseString(l).getAsJsonObject().getAsJsonArray("faces").get(0).getAsJsonObject()).orElseThrow();
        assertEquals(4, face.getAsJsonArray("box").size());
        assertEquals(7, face.getAsJsonObject("probabilities").size());
        assertNotNull(face.get("smoothed_label"));
        // the annotated video plays: decode it back and count its frames
        assertNotNull(r.annotated());
        int decoded = 0;
        try (FrameSource back = FrameSources.open(r.annotated().toString())) {
            while (back.next() != null) {
                decoded++;
            }
        }
        assertEquals(expected, decoded);
        assertTrue(Files.exists(r.summaryFile()));
    }

    private void assertRefused(String input, String expectedMessageEnd) throws Exception {
        BrightnessClassifier cls = new BrightnessClassifier();
        VisionException e = assertThrows(VisionException.class, () -> {
            try (FrameSource src = FrameSources.open(input); CascadeFaceDetector det = CascadeFaceDetector.haar()) {
                Analyzer.builder(det, cls).build().run(src, out);
            }
        });
        assertTrue(e.getMessage().endsWith(expectedMessageEnd), e.getMessage());
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(), s.toList(), "something was written for " + input);
        }
    }

    @Test
    void badInputsAreRefusedAndNothingIsWritten(@TempDir Path in) throws Exception {
        OpenCvRuntime.load();
        assertRefused(in.resolve("missing.jpg").toString(), "missing.jpg: file not found");
        Path empty = Files.createFile(in.resolve("empty.jpg"));
        assertRefused(empty.toString(), "empty.jpg: empty file (0 bytes)");
        Path text = Files.writeString(in.resolve("notes.jpg"), "this is not a picture\n");
        assertRefused(text.toString(), "notes.jpg: not a decodable image (OpenCV could not read it)");
        assertRefused("camera:99", "camera:99: no such camera (could not open device 99)");
        Path video = SharedData.require("video/short_hamilton_clip.mp4");
        byte[] all = Files.readAllBytes(video);
        Path cut = Files.write(in.resolve("cut.mp4"), Arrays.copyOf(all, all.length / 2));
        VisionException e = assertThrows(VisionException.class, () -> {
            try (FrameSource src = FrameSources.open(cut.toString()); CascadeFaceDetector det = CascadeFaceDetector.haar()) {
                Analyzer.builder(det, new BrightnessClassifier()).build().run(src, out);
            }
        });
        assertTrue(e.getMessage().startsWith(cut.toString()) || e.getMessage().startsWith("cut.mp4"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        try (Stream<Path> s = Files.list(out)) {
            assertFalse(s.findAny().isPresent(), "a truncated video left output behind");
        }
    }
}
