package org.fer4j.vision;

import java.util.ArrayList;
import java.util.List;

import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;

/**
 * A deterministic stand-in classifier for vision tests (fer-vision does not depend on the models): probabilities from
 * the face's mean brightness. The real model is tested end to end in the examples and fer-cli modules.
 */
final class BrightnessClassifier implements ExpressionClassifier {
    int calls;
    int faces;

    @Override
    public List<ExpressionPrediction> classifyAll(List<FaceImage> in) {
        calls++;
        faces += in.size();
        List<ExpressionPrediction> out = new ArrayList<>();
        for (FaceImage f : in) {
            double mean = 0;
            for (int i = 0; i < FaceImage.PIXELS; i++) {
                mean += f.get(i);
            }
            mean /= FaceImage.PIXELS * 255.0;
            float[] logits = new float[7];
            logits[(int) Math.min(6, mean * 7)] = 2f;
            out.add(ExpressionPrediction.fromLogits(logits));
        }
        return out;
    }

    @Override
    public void close() {
    }
}
