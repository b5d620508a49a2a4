package org.fer4j.core;

import java.util.List;

/**
 * Predicts the expression of 48x48 gray faces.
 *
 * <p>Implementations must be safe for concurrent use and should classify a list in one batch.
 * They hold native resources: close them.
 */
public interface ExpressionClassifier extends AutoCloseable {

    /**
     * @param face a 48x48 face
     * @return its prediction
     */
    default ExpressionPrediction classify(FaceImage face) {
        return classifyAll(List.of(face)).get(0);
    }

    /**
     * Classifies many faces in as few native calls as the implementation allows.
     *
     * @param faces the faces, possibly empty
     * @return one prediction per face, in order
     */
    List<ExpressionPrediction> classifyAll(List<FaceImage> faces);

    /** Releases native resources. */
    @Override
    void close();
}
