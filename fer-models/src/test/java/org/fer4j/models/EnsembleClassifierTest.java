package org.fer4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fer4j.core.EnsembleClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.inference.InferenceEngine;
import org.junit.jupiter.api.Test;

/** An ensemble of two real classifiers (the bundled float graph on PyTorch, its int8 graph on ONNX Runtime). */
class EnsembleClassifierTest {

    @Test
    void averagesTheMembersProbabilitiesAndClosesThem() {
        List<FaceImage> faces = TestModels.faces(200);
        List<ExpressionPrediction> a;
        List<ExpressionPrediction> b;
        try (DjlExpressionClassifier c = ExpressionClassifiers.pretrained()) {
            a = c.classifyAll(faces);
        }
        try (DjlExpressionClassifier c = ExpressionClassifiers.builder().optEngine(InferenceEngine.ONNX_RUNTIME).optInt8().build()) {
            b = c.classifyAll(faces);
        }
        DjlExpressionClassifier first = ExpressionClassifiers.pretrained();
        DjlExpressionClassifier second = ExpressionClassifiers.builder().optEngine(InferenceEngine.ONNX_RUNTIME).optInt8().build();
        List<ExpressionPrediction> e;
        try (EnsembleClassifier ensemble = new EnsembleClassifier(List.of(first, second))) {
            e = ensemble.classifyAll(faces);
        }
        assertEquals(faces.size(), e.size());
        int membersDisagree = 0;
        for (int i = 0; i < faces.size(); i++) {
            float[] pa = a.get(i).probabilities();
            float[] pb = b.get(i).probabilities();
            float[] pe = e.get(i).probabilities();
            for (int k = 0; k < pe.length; k++) {
                assertEquals((pa[k] + pb[k]) / 2, pe[k], 1e-5, "face " + i + " class " + k);
            }
            membersDisagree += a.get(i).top() != b.get(i).top() ? 1 : 0;
        }
        System.out.println("ensemble of float + int8 bundled graphs: members disagree on " + membersDisagree + " of 200 faces");
        assertThrows(IllegalStateException.class, () -> first.classify(faces.get(0)), "the ensemble closes its members");
        assertThrows(IllegalStateException.class, () -> second.classify(faces.get(0)), "the ensemble closes its members");
    }

    @Test
    void oneMemberIsNotAnEnsemble() {
        try (DjlExpressionClassifier c = ExpressionClassifiers.pretrained()) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new EnsembleClassifier(List.of(c)));
            assertTrue(ex.getMessage().contains("two or more"), ex.getMessage());
        }
    }
}
