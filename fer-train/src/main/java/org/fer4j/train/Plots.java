package org.fer4j.train;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fer4j.core.Emotion;
import org.fer4j.core.metrics.ConfusionMatrix;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
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
     * @param m confusion matrix (rows = true class)
     * @param title chart title
     * @param file PNG to write
     */
    public static void confusionMatrix(ConfusionMatrix m, String title, Path file) {
        List<String> names = Arrays.stream(Emotion.values()).map(Emotion::label).toList();
        HeatMapChart c = new HeatMapChart(760, 640);
        c.setTitle(String.format("%s (accuracy %.4f)", title, m.accuracy()));
        c.setXAxisTitle("predicted");
        c.setYAxisTitle("true");
        List<Number[]> cells = new ArrayList<>();
        long[][] counts = m.counts();
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                // row-normalised share, so the rare disgust row is as readable as happy
                long row = Arrays.stream(counts[t]).sum();
                double share = row == 0 ? 0 : Math.round(1000.0 * counts[t][p] / row) / 1000.0;
                cells.add(new Number[] {p, counts.length - 1 - t, share});
            }
        }
        List<String> reversed = new ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        c.addSeries("recall share", names, reversed, cells);
        c.getStyler().setShowValue(true);
        c.getStyler().setMin(0);
        c.getStyler().setMax(1);
        c.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)});
        c.getStyler().setLegendVisible(false);
        save(c, file);
    }

    private static void save(Chart<?, ?> chart, Path file) {
        // XChart leaves some fonts unset (annotations, heat-map values) and the JDK refuses a null font
        chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        chart.getStyler().setAnnotationTextPanelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp.png");
        try {
            BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the plot itself was written or reported; a stray temp file is harmless
            }
        }
    }
}
