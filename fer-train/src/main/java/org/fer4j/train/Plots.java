package org.fer4j.train;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.fer4j.core.Emotion;
import org.fer4j.core.io.AtomicOutput;
import org.fer4j.core.metrics.ConfusionMatrix;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * PNG plots with XChart, as the tutorial drew them: loss and accuracy curves (train vs validation, final value
 * annotated) and a confusion-matrix heatmap. Headless-safe.
 */
public final class Plots {
    static {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
    }

    private Plots() {
    }

    /**
     * Writes {@code loss.png} and {@code accuracy.png} into {@code dir}.
     *
     * @param history one record per epoch
     * @param dir target folder
     */
    public static void curves(List<EpochRecord> history, Path dir) {
        if (history.isEmpty()) {
            return;
        }
        double[] x = history.stream().mapToDouble(EpochRecord::epoch).toArray();
        curve("Loss", "loss", x, history.stream().mapToDouble(EpochRecord::trainLoss).toArray(),
                history.stream().mapToDouble(EpochRecord::valLoss).toArray(), dir.resolve("loss.png"));
        curve("Accuracy", "accuracy", x, history.stream().mapToDouble(EpochRecord::trainAccuracy).toArray(),
                history.stream().mapToDouble(EpochRecord::valAccuracy).toArray(), dir.resolve("accuracy.png"));
    }

    private static void curve(String title, String yLabel, double[] x, double[] train, double[] val, Path file) {
        XYChart c = new XYChart(800, 500);
        c.setTitle(title);
        c.setXAxisTitle("epoch");
        c.setYAxisTitle(yLabel);
        c.getStyler().setAnnotationTextFontColor(Color.DARK_GRAY);
        c.addSeries("train", x, train);
        c.addSeries("validation", x, val);
        int last = x.length - 1;
        c.addAnnotation(new AnnotationText(String.format("%.4f", train[last]), x[last], train[last], false));
        c.addAnnotation(new AnnotationText(String.format("%.4f", val[last]), x[last], val[last], false));
        save(c, file);
    }

    /**
     * Draws the confusion matrix as a heatmap (Java2D): cells shaded by the share of the true class (row-normalised, so
     * the rare disgust row reads as well as happy), each showing its count and share.
     *
     * @param m confusion matrix (rows = true class)
     * @param title chart title
     * @param file PNG to write
     */
    public static void confusionMatrix(ConfusionMatrix m, String title, Path file) {
        int n = Emotion.COUNT;
        int cell = 86;
        int left = 110;
        int top = 70;
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(left + n * cell + 30, top + n * cell + 70,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(String.format("%s - accuracy %.4f, macro-F1 %.4f", title, m.accuracy(), m.macroF1()), 10, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("predicted", left + n * cell / 2 - 30, top - 25);
        long[][] counts = m.counts();
        for (int t = 0; t < n; t++) {
            long row = Arrays.stream(counts[t]).sum();
            g.setColor(Color.BLACK);
            g.drawString(Emotion.fromIndex(t).label(), 10, top + t * cell + cell / 2 + 5);
            g.drawString(Emotion.fromIndex(t).label(), left + t * cell + 8, top - 6);
            for (int p = 0; p < n; p++) {
                double share = row == 0 ? 0 : (double) counts[t][p] / row;
                int shade = (int) Math.round(255 - 200 * share);
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(left + p * cell, top + t * cell, cell, cell);
                g.setColor(Color.GRAY);
                g.drawRect(left + p * cell, top + t * cell, cell, cell);
                g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                g.drawString(String.valueOf(counts[t][p]), left + p * cell + 10, top + t * cell + cell / 2 - 4);
                g.drawString(String.format("%.2f", share), left + p * cell + 10, top + t * cell + cell / 2 + 14);
            }
        }
        g.setColor(Color.BLACK);
        g.drawString("rows: true class; shade and second number: share of the row", 10, top + n * cell + 30);
        g.dispose();
        AtomicOutput.writeFile(file, out -> {
            if (!javax.imageio.ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }

    private static void save(Chart<?, ?> chart, Path file) {
        // XChart leaves some fonts unset (annotations, heat-map values) and the JDK refuses a null font
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        chart.getStyler().setAnnotationTextPanelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        AtomicOutput.writeFile(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
