package org.fer4j.examples;

import java.nio.file.Path;

import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.core.FerException;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.vision.ImageDecoder;

/**
 * Classifies one 48x48 face image (as {@code fer data convert} writes them) with the bundled model and prints the seven
 * probabilities.
 *
 * <p>Run: {@code examples/run ClassifyFace face.png}
 */
public final class ClassifyFace {
    private ClassifyFace() {
    }

    /**
     * @param face a face image file
     * @return the prediction
     */
    public static ExpressionPrediction classify(Path face) {
        FaceImage image = ImageDecoder.readFace(face);
        try (DjlExpressionClassifier classifier = ExpressionClassifiers.pretrained()) {
            return classifier.classify(image);
        }
    }

    /** @param args the face image file */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ClassifyFace <face image>");
            System.exit(2);
        }
        try {
            ExpressionPrediction p = classify(Path.of(args[0]));
            System.out.printf("%s: %s (%.0f%%)%n", args[0], p.top().label(), 100 * p.confidence());
            for (Emotion e : Emotion.values()) {
                System.out.printf("  %-9s %.3f%n", e.label(), p.probability(e));
            }
        } catch (FerException e) {
            // the library names the file, line or frame and the problem: that line is the whole message
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
