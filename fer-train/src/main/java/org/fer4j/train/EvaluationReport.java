package org.fer4j.train;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fer4j.core.Emotion;
import org.fer4j.core.metrics.ConfusionMatrix;

import com.google.gson.GsonBuilder;

/**
 * The result of evaluating a model on labelled faces.
 *
 * @param matrix confusion matrix, rows = true class
 * @param loss mean cross-entropy (no smoothing); NaN when not computed
 * @param seconds wall time of the evaluation
 * @param tta test-time augmentation used ({@code none} or {@code flip})
 */
public record EvaluationReport(ConfusionMatrix matrix, double loss, double seconds, String tta) {

    /** @return faces per second */
    public double imagesPerSecond() {
        return matrix.total() / Math.max(1e-9, seconds);
    }

    /** @return a map with accuracy, macro_f1, per_class and confusion_matrix (rows = true class, in Emotion order) */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("faces", matrix.total());
        m.put("accuracy", matrix.accuracy());
        m.put("macro_f1", matrix.macroF1());
        m.put("macro_precision", matrix.macroPrecision());
        m.put("macro_recall", matrix.macroRecall());
        Map<String, Object> per = new LinkedHashMap<>();
        for (Emotion e : Emotion.values()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("precision", matrix.precision(e));
            c.put("recall", matrix.recall(e));
            c.put("f1", matrix.f1(e));
            c.put("support", matrix.support(e));
            per.put(e.label(), c);
        }
        m.put("per_class", per);
        m.put("classes", java.util.Arrays.stream(Emotion.values()).map(Emotion::label).toList());
        m.put("confusion_matrix", matrix.counts());
        m.put("loss", Double.isNaN(loss) ? null : loss);
        m.put("tta", tta);
        m.put("seconds", seconds);
        m.put("images_per_second", imagesPerSecond());
        return m;
    }

    /** @return {@link #asMap()} as one JSON object */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(asMap());
    }
}
