package org.fer4j.vision.output;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fer4j.core.Emotion;
import org.fer4j.core.pipeline.FaceResult;
import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.vision.AnalysisSummary;
import org.fer4j.vision.Analyzer;
import org.fer4j.vision.FrameSource;

/**
 * Writes {@code <stem>.report.html}, one self-contained page (no network: styles and script inline, the timeline
 * embedded as a data URI) beside the other outputs. For a video: the annotated video (referenced by its relative name
 * {@code <stem>.annotated.mp4}), the emotion timeline, a per-track table (first and last time, frames, dominant
 * emotion and its share, mean confidence) and the settings used. For still images: a table of every image's faces
 * instead of a timeline. The page records in {@code <body data-video data-timeline data-errors>} whether the video
 * and the timeline loaded and how many script errors happened, so a headless browser can check it.
 */
public final class ReportSink implements FrameSink {
    private final Map<String, String> settings;
    private final boolean annotated;
    private final boolean playable;
    private final List<Still> stills = new ArrayList<>();
    private OutputContext context;

    private record Still(String name, List<FaceResult> faces) {
    }

    /**
     * @param settings what the run used, shown as a table (e.g. detector, classifier, smoothing, tracking, shot cuts)
     * @param annotated whether the run writes the annotated video or images the page should show
     */
    public ReportSink(Map<String, String> settings, boolean annotated) {
        this(settings, annotated, true);
    }

    /**
     * @param settings what the run used, shown as a table
     * @param annotated whether the run writes the annotated video or images the page should show
     * @param playable whether browsers play the annotated video's codec ({@link org.fer4j.vision.VideoCodec}); if not, the
     *     page links the file instead of embedding it
     */
    public ReportSink(Map<String, String> settings, boolean annotated, boolean playable) {
        this.settings = new LinkedHashMap<>(settings);
        this.annotated = annotated;
        this.playable = playable;
    }

    /** @param stem the run's file stem @return the report's file name */
    public static String fileName(String stem) {
        return stem + ".report.html";
    }

    @Override
    public void open(OutputContext context) {
        this.context = context;
    }

    @Override
    public boolean accept(FrameSource.Frame frame, FrameResult result) {
        if (!context.stream()) {
            stills.add(new Still(frame.name(), result.faces()));
        }
        return true;
    }

    @Override
    public void finish(AnalysisSummary summary) throws IOException {
        Files.writeString(context.staged(fileName(context.stem())), html(summary), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
    }

    private String html(AnalysisSummary s) throws IOException {
        String stem = context.stem();
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(esc(context.sourceName())).append(" - fer4j analysis</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:24px auto;max-width:1240px;color:#222;padding:0 12px}\n")
                .append("h1{font-size:22px}h2{font-size:17px;margin-top:28px}\n")
                .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}\n")
                .append("th{background:#f0f0f0}td.n{text-align:right}video,img.timeline{max-width:100%;display:block}\n")
                .append(".bar{display:inline-block;height:10px;vertical-align:middle}.status{color:#a00}\n")
                .append(".chip{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}\n")
                .append("</style>\n<script>\nvar ferErrors=[];window.addEventListener('error',function(e){ferErrors.push(String(e.message));")
                .append("document.body&&(document.body.dataset.errors=ferErrors.length);});\n</script>\n</head>\n")
                .append("<body data-errors=\"0\">\n<h1>").append(esc(context.sourceName())).append("</h1>\n<p>")
                .append(s.frames()).append(context.stream() ? " frames" : " images").append(", ").append(s.faces())
                .append(" faces");
        if (context.stream()) {
            h.append(", ").append(s.tracks()).append(" tracks, ").append(String.format(Locale.ROOT, "%.1f s", s.lastMs() / 1000));
            List<Long> cuts = s.shotCuts();
            h.append(cuts.isEmpty() ? ", no shot cut" : ", shot cuts at frames " + join(cuts));
        }
        h.append(".</p>\n");
        if (context.stream()) {
            video(h, stem);
            h.append("<h2>Emotion timeline</h2>\n<img class=\"timeline\" id=\"timeline\" alt=\"emotion timeline per track\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(timelinePng(s))).append("\">\n");
            tracks(h, s);
        } else {
            stills(h, stem);
        }
        h.append("<h2>Settings</h2>\n<table>\n");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(e.getValue())).append("</td></tr>\n");
        }
        h.append("</table>\n<p style=\"font-size:12px;color:#666\">Written by fer4j. Labels are the smoothed labels shown in the ")
                .append("annotated output; the numbers are their smoothed probabilities.</p>\n");
        script(h);
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The timeline the run's {@link TimelineSink} staged just before, or the same picture drawn here without one. */
    private byte[] timelinePng(AnalysisSummary s) throws IOException {
        Path staged = context.staged(TimelineSink.fileName(context.stem()));
        return Files.isRegularFile(staged) ? Files.readAllBytes(staged) : TimelineRenderer.png(s, context.sourceName());
    }

    private void video(StringBuilder h, String stem) {
        h.append("<h2>Annotated video</h2>\n");
        if (!annotated) {
            h.append("<p>This run wrote no annotated video.</p>\n");
            return;
        }
        String file = stem + ".annotated.mp4";
        if (!playable) {
            h.append("<p>The annotated video is MPEG-4 Part 2, which browsers do not play: open <a href=\"").append(esc(url(file)))
                    .append("\">").append(esc(file)).append("</a> in a video player (or analyze with the H.264 codec).</p>\n");
            return;
        }
        h.append("<video id=\"video\" controls muted preload=\"auto\" src=\"").append(esc(url(file))).append("\"></video>\n")
                .append("<p class=\"status\" id=\"video-status\"></p>\n");
    }

    private static void tracks(StringBuilder h, AnalysisSummary s) {
        h.append("<h2>Tracks</h2>\n<table id=\"tracks\">\n<tr><th>track</th><th>first</th><th>last</th><th>frames</th>")
                .append("<th>dominant emotion</th><th>share</th><th>mean confidence</th><th>emotions over the track</th></tr>\n");
        for (AnalysisSummary.Track t : s.trackList()) {
            Emotion d = t.dominant();
            h.append(String.format(Locale.ROOT, "<tr><td><a href=\"#\" data-seek=\"%.3f\">#%d</a></td><td class=\"n\">%.2f s</td>"
                    + "<td class=\"n\">%.2f s</td><td class=\"n\">%d</td><td>%s%s</td><td class=\"n\">%.0f%%</td>"
                    + "<td class=\"n\">%.0f%%</td><td>", t.firstMs() / 1000, t.id(), t.firstMs() / 1000, t.lastMs() / 1000, t.frames(),
                    chip(d), d.label(), 100 * t.share(d), 100 * t.meanConfidence()));
            for (Emotion e : Emotion.values()) {
                double share = t.share(e);
                if (share > 0) {
                    h.append(String.format(Locale.ROOT, "<span class=\"bar\" title=\"%s %.0f%%\" style=\"width:%.1fpx;background:%s\"></span>",
                            e.label(), 100 * share, 160 * share, css(TimelineRenderer.COLORS[e.index()])));
                }
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private void stills(StringBuilder h, String stem) {
        h.append("<h2>Images</h2>\n<table id=\"images\">\n<tr><th>image</th><th>face</th><th>box (x, y, w, h)</th>")
                .append("<th>label</th><th>confidence</th>");
        for (Emotion e : Emotion.values()) {
            h.append("<th>").append(e.label()).append("</th>");
        }
        h.append("</tr>\n");
        for (Still st : stills) {
            int rows = Math.max(1, st.faces().size());
            h.append("<tr><td rowspan=\"").append(rows).append("\">");
            if (annotated) {
                String img = stem + ".annotated/" + Analyzer.stem(st.name()) + ".png";
                h.append("<a href=\"").append(esc(url(img))).append("\"><img src=\"").append(esc(url(img)))
                        .append("\" alt=\"\" style=\"max-width:160px;max-height:120px;display:block\"></a>");
            }
            h.append(esc(st.name())).append("</td>");
            if (st.faces().isEmpty()) {
                h.append("<td colspan=\"").append(4 + Emotion.COUNT).append("\">no face found</td></tr>\n");
                continue;
            }
            for (int i = 0; i < st.faces().size(); i++) {
                FaceResult f = st.faces().get(i);
                if (i > 0) {
                    h.append("<tr>");
                }
                h.append(String.format(Locale.ROOT, "<td>#%d</td><td>%d, %d, %d, %d</td><td>%s%s</td><td class=\"n\">%.0f%%</td>", f.track(),
                        f.box().x(), f.box().y(), f.box().width(), f.box().height(), chip(f.smoothedLabel()), f.smoothedLabel().label(),
                        100 * f.smoothedConfidence()));
                for (Emotion e : Emotion.values()) {
                    h.append(String.format(Locale.ROOT, "<td class=\"n\">%.2f</td>", f.smoothedProbabilities().probability(e)));
                }
                h.append("</tr>\n");
            }
        }
        h.append("</table>\n");
    }

    private static void script(StringBuilder h) {
        h.append("<script>\n(function(){var b=document.body;var v=document.getElementById('video');\n")
                .append("if(v){b.dataset.video='pending';\n")
                .append("var ok=function(){b.dataset.video='loaded';};if(v.readyState>=2){ok();}\n")
                .append("v.addEventListener('loadeddata',ok);\n")
                .append("v.addEventListener('error',function(){b.dataset.video='error';document.getElementById('video-status').textContent=")
                .append("'This browser cannot play '+v.getAttribute('src')+'; open the file beside this page in a video player.';});\n")
                .append("document.querySelectorAll('a[data-seek]').forEach(function(a){a.addEventListener('click',function(e){")
                .append("e.preventDefault();v.currentTime=parseFloat(a.dataset.seek);v.play();});});}\n")
                .append("var t=document.getElementById('timeline');\n")
                .append("if(t){var done=function(){b.dataset.timeline=t.naturalWidth>0?'loaded':'error';};")
                .append("if(t.complete){done();}else{t.addEventListener('load',done);t.addEventListener('error',done);}}\n")
                .append("})();\n</script>\n");
    }

    private static String chip(Emotion e) {
        return "<span class=\"chip\" style=\"background:" + css(TimelineRenderer.COLORS[e.index()]) + "\"></span>";
    }

    private static String css(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static String join(List<Long> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : i == values.size() - 1 ? " and " : ", ").append(values.get(i));
        }
        return sb.toString();
    }

    /** @return a relative file path as a URL: every byte but unreserved characters and '/' percent-encoded */
    static String url(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~/".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    /** @return the text with HTML's special characters escaped */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
