package org.fer4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.FaceDetector;
import org.fer4j.core.pipeline.SmoothingSpec;
import org.fer4j.core.pipeline.TrackingSpec;
import org.fer4j.testing.SharedData;
import org.fer4j.vision.output.ReportSink;
import org.fer4j.vision.output.TimelineSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Mat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The timeline and report sinks on the shared clips and photos, driven the way the analyzer drives its sinks (open,
 * accept per frame, finish, close), with the annotated output and JSON lines written beside them; the pages are then
 * opened in a headless Chromium when one is installed.
 */
class ReportAndTimelineTest {
    @TempDir
    Path out;

    /** The analyzer with its default outputs (JSON lines, annotated output, summary, timeline, report). */
    static AnalysisSummary analyze(String input, FaceDetector<Mat> detector, Path outDir, Map<String, String> settings) {
        return analyze(input, detector, new BrightnessClassifier(), outDir, settings);
    }

    /** The same with a given classifier (docs/ux.md ran it with the bundled model). */
    static AnalysisSummary analyze(String input, FaceDetector<Mat> detector, ExpressionClassifier cls, Path outDir,
            Map<String, String> settings) {
        try (FrameSource src = FrameSources.open(input)) {
            Analyzer.Builder b = Analyzer.builder(detector, cls);
            settings.forEach(b::optSetting);
            return b.build().run(src, outDir).summary();
        }
    }

    static Map<String, String> settings(String detector) {
        return settings(detector, "brightness stand-in (test)");
    }

    /** The settings table a run shows. */
    static Map<String, String> settings(String detector, String classifier) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("detector", detector);
        settings.put("classifier", classifier);
        settings.put("smoothing", SmoothingSpec.DEFAULT.toString());
        settings.put("tracking", TrackingSpec.DEFAULT.toString());
        settings.put("shot cuts", new HistogramShotDetector().toString());
        return settings;
    }

    /**
     * Every face of the JSON lines: the label shown is the argmax of the smoothed probabilities, and the annotated
     * text shows that label with that probability.
     */
    static int assertCoherent(Path jsonl) throws Exception {
        int faces = 0;
        for (String line : Files.readAllLines(jsonl)) {
            for (JsonElement e : JsonParser.parseString(line).getAsJsonObject().getAsJsonArray("faces")) {
                JsonObject face = e.getAsJsonObject();
                JsonObject sp = face.getAsJsonObject("smoothed_probabilities");
                String shown = face.get("smoothed_label").getAsString();
                float max = 0;
                for (Emotion em : Emotion.values()) {
                    max = Math.max(max, sp.get(em.label()).getAsFloat());
                }
                assertEquals(max, sp.get(shown).getAsFloat(), 1e-6, "frame line " + line);
                faces++;
            }
        }
        return faces;
    }

    @ParameterizedTest
    @ValueSource(strings = {"short_hamilton_clip.mp4", "clip_01_tears_of_steel.mp4"})
    void videosGetATimelineAReportAndCoherentLabels(String clip) throws Exception {
        Path video = SharedData.require("video/" + clip);
        AnalysisSummary s;
        try (FaceDetector<Mat> det = TrackingOnSharedClipsTest.detector("yunet")) {
            s = analyze(video.toString(), det, out, settings("yunet"));
        }
        String stem = Analyzer.stem(clip);
        int faces = assertCoherent(out.resolve(stem + ".jsonl"));
        System.out.printf("%s: %d faces, label shown = argmax of the numbers shown on all of them; cuts %s; %d tracks%n", clip, faces,
                s.shotCuts(), s.tracks());
        assertTrue(faces > 100);
        BufferedImage timeline = ImageIO.read(out.resolve(TimelineSink.fileName(stem)).toFile());
        assertEquals(1200, timeline.getWidth());
        assertTrue(timeline.getHeight() > 100 + 120 * s.tracks(), "one panel per track");
        JsonObject summary = JsonParser.parseString(Files.readString(out.resolve(stem + ".summary.json"))).getAsJsonObject();
        assertEquals(s.shotCuts().size(), summary.getAsJsonArray("shot_cuts").size());
        for (Map.Entry<String, JsonElement> t : summary.getAsJsonObject("tracks").entrySet()) {
            JsonObject track = t.getValue().getAsJsonObject();
            JsonArray frames = track.getAsJsonObject("timeline").getAsJsonArray("frame");
            assertEquals(track.get("frames").getAsLong(), frames.size());
            for (Emotion em : Emotion.values()) {
                assertEquals(frames.size(), track.getAsJsonObject("timeline").getAsJsonObject("smoothed_probabilities")
                        .getAsJsonArray(em.label()).size());
            }
            assertTrue(track.get("mean_confidence").getAsDouble() > 0);
        }
        String html = Files.readString(out.resolve(ReportSink.fileName(stem)));
        assertSelfContained(html);
        assertTrue(html.contains("src=\"" + stem + ".annotated.mp4\""));
        assertTrue(html.contains("data:image/png;base64,"));
        assertEquals(s.tracks(), count(html, "data-seek="));
    }

    @Test
    void aFolderOfPhotosGetsATableAndNoTimeline() throws Exception {
        Path photos = SharedData.require("photos");
        AnalysisSummary s;
        try (FaceDetector<Mat> det = TrackingOnSharedClipsTest.detector("yunet")) {
            s = analyze(photos.toString(), det, out, settings("yunet"));
        }
        String stem = Analyzer.stem(photos.getFileName().toString());
        assertCoherent(out.resolve(stem + ".jsonl"));
        assertFalse(Files.exists(out.resolve(TimelineSink.fileName(stem))));
        String html = Files.readString(out.resolve(ReportSink.fileName(stem)));
        assertSelfContained(html);
        assertFalse(html.contains("<video"));
        assertTrue(html.contains("id=\"images\""));
        assertEquals(s.faces(), count(html, "<td>#"), "one row per face");
        assertTrue(html.contains(stem + ".annotated/two_people.png"));
    }

    @Test
    void anMpeg4VideoIsLinkedNotEmbedded() throws Exception {
        Path clip = SharedData.require("video/clip_01_tears_of_steel.mp4");
        AnalysisSummary s;
        try (FaceDetector<Mat> det = TrackingOnSharedClipsTest.detector("yunet"); FrameSource src = FrameSources.open(clip.toString())) {
            s = Analyzer.builder(det, new BrightnessClassifier()).optVideoCodec(VideoCodec.MPEG4).build().run(src, out).summary();
        }
        String stem = "clip_01_tears_of_steel";
        String html = Files.readString(out.resolve(ReportSink.fileName(stem)));
        assertFalse(html.contains("<video"), "browsers do not play MPEG-4 Part 2");
        assertTrue(html.contains("href=\"" + stem + ".annotated.mp4\""), "the page links the file");
        int frames = 0;
        try (FrameSource back = FrameSources.open(out.resolve(stem + ".annotated.mp4").toString())) {
            while (back.next() != null) {
                frames++;
            }
        }
        assertEquals(s.frames(), frames);
    }

    /** The acceptance check in a real browser: the page loads without script errors; video and timeline render. */
    @Test
    void theReportRendersInAHeadlessBrowser() throws Exception {
        HeadlessChromium browser = HeadlessChromium.require();
        Path clip = SharedData.require("video/short_hamilton_clip.mp4");
        try (FaceDetector<Mat> det = TrackingOnSharedClipsTest.detector("yunet")) {
            analyze(clip.toString(), det, out, settings("yunet"));
        }
        Path page = out.resolve(ReportSink.fileName("short_hamilton_clip"));
        String dom = browser.run(page, "--dump-dom");
        Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
        assertTrue(body.find(), dom);
        String attrs = body.group(1);
        System.out.println("report body after load:" + attrs);
        assertTrue(attrs.contains("data-errors=\"0\""), attrs);
        assertTrue(attrs.contains("data-timeline=\"loaded\""), attrs);
        assertTrue(attrs.contains("data-video=\"loaded\""), "the annotated video did not load: " + attrs);
        Path shot = Path.of(System.getProperty("fer.ux.screenshot", out.resolve("report.png").toString()));
        browser.run(page, "--screenshot=" + shot);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertTrue(img.getWidth() >= 1000 && img.getHeight() >= 1000, "screenshot " + img.getWidth() + "x" + img.getHeight());
        System.out.println("screenshot: " + shot);

        Path photos = SharedData.require("photos");
        Path folderOut = Files.createDirectories(out.resolve("photos-out"));
        try (FaceDetector<Mat> det = TrackingOnSharedClipsTest.detector("yunet")) {
            analyze(photos.toString(), det, folderOut, settings("yunet"));
        }
        Path folderPage = folderOut.resolve(ReportSink.fileName(Analyzer.stem(photos.getFileName().toString())));
        String folderDom = browser.run(folderPage, "--dump-dom");
        assertTrue(folderDom.contains("data-errors=\"0\""), folderDom.substring(0, Math.min(400, folderDom.length())));
        Path folderShot = Path.of(System.getProperty("fer.ux.screenshot", out.resolve("report.png").toString())
                .replace(".png", "-photos.png"));
        browser.run(folderPage, "--screenshot=" + folderShot);
        System.out.println("screenshot: " + folderShot);
    }

    private static void assertSelfContained(String html) {
        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("http://") || lower.contains("https://") || lower.contains("//cdn"), "the page fetches from the network");
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
