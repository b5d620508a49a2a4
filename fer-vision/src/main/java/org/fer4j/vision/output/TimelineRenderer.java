package org.fer4j.vision.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.fer4j.core.Emotion;
import org.fer4j.vision.AnalysisSummary;
import org.fer4j.vision.OpenCvRuntime;
import org.fer4j.vision.VisionException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Draws a run's emotion timeline with Java2D (no display needed): one panel per track with its seven smoothed
 * probabilities over time, all panels on the video's time axis, shot cuts as dashed lines, gaps where the face was
 * not detected left open.
 */
public final class TimelineRenderer {
    /** Most panels drawn; further tracks are named in a last line (all of them are in the summary JSON). */
    public static final int MAX_PANELS = 60;
    /** Line colours per emotion, in {@link Emotion} order (the annotated video's box colours). */
    public static final Color[] COLORS = {new Color(230, 60, 60), new Color(60, 160, 60), new Color(160, 60, 160),
        new Color(240, 200, 40), new Color(40, 120, 200), new Color(240, 140, 40), new Color(150, 150, 150)};

    private static final int WIDTH = 1200;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int HEADER = 56;
    private static final int PANEL = 120;
    private static final int PANEL_GAP = 42;
    private static final int FOOTER = 30;

    /** zlib level 1 of 9: a 15-track timeline is a quarter larger than at level 6 and written in 49 ms instead of 73. */
    private static final int PNG_COMPRESSION = 1;
    private static final AtomicBoolean WARMED = new AtomicBoolean();

    private TimelineRenderer() {
    }

    /**
     * Starts Java2D and loads the fonts on a background thread, so that most of their first-use cost (the first timeline
     * of a process took about 300 ms to draw, later ones 30-70 ms) is paid while the video is analyzed rather than when
     * the run ends. Call it when a run starts; calling it again does nothing.
     */
    public static void warmUp() {
        if (WARMED.compareAndSet(false, true)) {
            Thread t = new Thread(() -> render(new AnalysisSummary(), "warm-up"), "fer-timeline-warm-up");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    /**
     * @param summary the run's totals and timelines
     * @param title the heading, e.g. the video's name
     * @return the picture
     */
    public static BufferedImage render(AnalysisSummary summary, String title) {
        List<AnalysisSummary.Track> tracks = summary.trackList();
        int panels = Math.max(1, Math.min(MAX_PANELS, tracks.size()));
        int height = HEADER + panels * (PANEL + PANEL_GAP) + FOOTER;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title + ": smoothed emotion probabilities per track", LEFT, 22);
            legend(g);
            double endMs = Math.max(summary.lastMs(), 1);
            if (tracks.isEmpty()) {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
                g.drawString("no face was found", LEFT, HEADER + PANEL / 2);
            }
            for (int i = 0; i < panels && i < tracks.size(); i++) {
                panel(g, tracks.get(i), HEADER + i * (PANEL + PANEL_GAP) + PANEL_GAP - 8, endMs, summary.shotCutTimesMs());
            }
            if (tracks.size() > MAX_PANELS) {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                g.setColor(Color.DARK_GRAY);
                g.drawString((tracks.size() - MAX_PANELS) + " more tracks are in the summary JSON", LEFT, height - 10);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * The picture as PNG, encoded by OpenCV at a low compression level: Java's PNG writer took about 180 ms for a
     * 15-track timeline, several times the drawing itself, on a job of about 2.5 s.
     *
     * @param summary the run's totals and timelines
     * @param title the heading
     * @return the picture as PNG bytes
     */
    public static byte[] png(AnalysisSummary summary, String title) {
        BufferedImage img = render(summary, title);
        byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        OpenCvRuntime.load();
        Mat mat = new Mat(img.getHeight(), img.getWidth(), CvType.CV_8UC3);
        MatOfByte png = new MatOfByte();
        MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_PNG_COMPRESSION, PNG_COMPRESSION);
        try {
            mat.put(0, 0, bgr);
            if (!Imgcodecs.imencode(".png", mat, png, params)) {
                throw new VisionException(title, "OpenCV could not encode the timeline as PNG");
            }
            return png.toArray();
        } finally {
            mat.release();
            png.release();
            params.release();
        }
    }

    private static void legend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int x = LEFT;
        for (Emotion e : Emotion.values()) {
            g.setColor(COLORS[e.index()]);
            g.fillRect(x, 34, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(e.label(), x + 22, 41);
            x += 40 + g.getFontMetrics().stringWidth(e.label());
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString("- - shot cut", x + 10, 41);
    }

    private static void panel(Graphics2D g, AnalysisSummary.Track t, int top, double endMs, List<Double> cuts) {
        int w = WIDTH - LEFT - RIGHT;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.setColor(Color.BLACK);
        Emotion dom = t.dominant();
        g.drawString(String.format(Locale.ROOT, "track #%d   %.2f-%.2f s, %d frames   mostly %s (%.0f%%), mean confidence %.0f%%", t.id(),
                t.firstMs() / 1000, t.lastMs() / 1000, t.frames(), dom.label(), 100 * t.share(dom), 100 * t.meanConfidence()),
                LEFT, top - 6);
        g.setColor(new Color(245, 245, 245));
        g.fillRect(LEFT, top, w, PANEL);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int k = 0; k <= 2; k++) {
            int y = top + PANEL - k * PANEL / 2;
            g.setColor(new Color(215, 215, 215));
            g.drawLine(LEFT, y, LEFT + w, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(k * 50 + "%", LEFT - 30, y + 4);
        }
        double step = niceStep(endMs / 1000);
        for (double s = 0; s <= endMs / 1000 + 1e-9; s += step) {
            int x = LEFT + (int) Math.round(s * 1000 / endMs * w);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x, top, x, top + PANEL);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, step < 1 ? "%.1f s" : "%.0f s", s), x - 10, top + PANEL + 12);
        }
        g.setColor(new Color(60, 60, 60));
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
        for (double c : cuts) {
            int x = LEFT + (int) Math.round(c / endMs * w);
            g.drawLine(x, top - 2, x, top + PANEL + 2);
        }
        List<Long> frames = t.pointFrames();
        List<Double> times = t.pointTimes();
        List<float[]> probs = t.pointProbabilities();
        long per = t.framesPerPoint();
        g.setStroke(new BasicStroke(1.8f));
        for (Emotion e : Emotion.values()) {
            g.setColor(COLORS[e.index()]);
            Path2D.Double path = new Path2D.Double();
            boolean open = false;
            for (int i = 0; i < frames.size(); i++) {
                double x = LEFT + times.get(i) / endMs * w;
                double y = top + PANEL - probs.get(i)[e.index()] * PANEL;
                // a run without the face leaves a gap rather than a line that pretends to know
                boolean joined = open && frames.get(i) / per == frames.get(i - 1) / per + 1;
                if (joined) {
                    path.lineTo(x, y);
                } else {
                    path.moveTo(x, y);
                    g.fillOval((int) Math.round(x) - 1, (int) Math.round(y) - 1, 3, 3);
                }
                open = true;
            }
            g.draw(path);
        }
        g.setStroke(new BasicStroke(1f));
    }

    /** @return a tick step in seconds giving about 10 ticks */
    static double niceStep(double seconds) {
        double raw = Math.max(seconds, 0.1) / 10;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw) {
                return m * mag;
            }
        }
        return 10 * mag;
    }
}
