package org.fer4j.models.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.models.ModelCard;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;

/**
 * The {@link ExpressionClassifier} on DJL, whatever the engine: the model is loaded once, and a fixed pool of
 * predictors (each used by one thread at a time) serves concurrent callers. A call's faces go through in batches of at
 * most {@code maxBatch}. Closing releases the predictors and the model's native memory.
 */
public final class DjlExpressionClassifier implements ExpressionClassifier {
    private final Model model;
    private final ModelCard card;
    private final InferenceEngine engine;
    private final int maxBatch;
    private final BlockingQueue<Predictor<List<FaceImage>, List<ExpressionPrediction>>> pool;
    private final List<Predictor<List<FaceImage>, List<ExpressionPrediction>>> all = new ArrayList<>();
    private volatile boolean closed;

    DjlExpressionClassifier(Model model, ModelCard card, InferenceEngine engine, int poolSize, int maxBatch) {
        this.model = model;
        this.card = card;
        this.engine = engine;
        this.maxBatch = maxBatch;
        this.pool = new ArrayBlockingQueue<>(poolSize);
        FaceTranslator translator = new FaceTranslator(card.preprocessing());
        for (int i = 0; i < poolSize; i++) {
            Predictor<List<FaceImage>, List<ExpressionPrediction>> p = model.newPredictor(translator);
            all.add(p);
            pool.add(p);
        }
    }

    /** @return the model card of the loaded model */
    public ModelCard card() {
        return card;
    }

    /** @return the engine in use */
    public InferenceEngine engine() {
        return engine;
    }

    /** @return the device the model runs on */
    public ai.djl.Device device() {
        return model.getNDManager().getDevice();
    }

    @Override
    public List<ExpressionPrediction> classifyAll(List<FaceImage> faces) {
        if (closed) {
            throw new IllegalStateException("classifier is closed");
        }
        if (faces.isEmpty()) {
            return List.of();
        }
        Predictor<List<FaceImage>, List<ExpressionPrediction>> p;
        try {
            p = pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a predictor", e);
        }
        try {
            if (faces.size() <= maxBatch) {
                return p.predict(faces);
            }
            List<ExpressionPrediction> out = new ArrayList<>(faces.size());
            for (int from = 0; from < faces.size(); from += maxBatch) {
                out.addAll(p.predict(faces.subList(from, Math.min(faces.size(), from + maxBatch))));
            }
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed on " + engine + ": " + e.getMessage(), e);
        } finally {
            pool.add(p);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Predictor<?, ?> p : all) {
            p.close();
        }
        model.close();
    }
}
