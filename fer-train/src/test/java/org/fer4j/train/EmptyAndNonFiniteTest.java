package org.fer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fer4j.core.Dataset;
import org.fer4j.data.FaceStore;
import org.fer4j.data.FerDataException;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;

/**
 * Training on nothing is an error, not a run that saves an untrained model; a number that is not finite is never
 * written as bare JSON; and the config map keeps the keys and order that existing runs' files have.
 */
class EmptyAndNonFiniteTest {

    @Test
    void anEmptyTrainingOrValidationSetIsRefusedByName() throws Exception {
        Dataset some = FaceStore.builder().add(org.fer4j.core.FaceImage.wrap(new byte[2304]), org.fer4j.core.Emotion.HAPPY,
                org.fer4j.data.Usage.TRAINING).build();
        Dataset none = some.slice(0, 0);
        TrainConfig c = TrainConfig.builder("seed-simple-cnn").optEpochs(1).optBatchSize(8).build();
        Path run = TrainingFixtures.tempDir().resolve("never");
        Map<String, Object> desc = Map.of("train_file", "train.csv.gz", "validation_file", "publictest.csv.gz");
        FerDataException e = assertThrows(FerDataException.class, () -> new FerTrainer(c, run, desc).train(none, some, false));
        assertEquals("train.csv.gz: no training faces", e.getMessage());
        e = assertThrows(FerDataException.class, () -> new FerTrainer(c, run, desc).train(some, none, false));
        assertEquals("publictest.csv.gz: no validation faces", e.getMessage());
        assertFalse(Files.exists(run), "nothing is written for a run that cannot start");
        org.fer4j.core.ExpressionClassifier never = new org.fer4j.core.ExpressionClassifier() {
            @Override
            public List<org.fer4j.core.ExpressionPrediction> classifyAll(List<org.fer4j.core.FaceImage> faces) {
                throw new AssertionError("no face to classify");
            }

            @Override
            public void close() {
            }
        };
        e = assertThrows(FerDataException.class, () -> ClassifierEvaluator.evaluate(never, none, 8, Tta.NONE));
        assertEquals("the evaluation set: no faces to evaluate", e.getMessage());
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNullAndReadBackAsNaN() throws Exception {
        EpochRecord r = new EpochRecord(1, 0.05, Double.NaN, 0.5, Double.POSITIVE_INFINITY, 0.25, 0.2, 10, 100);
        Path f = TrainingFixtures.tempDir().resolve("metrics.json");
        RunJson.write(f, List.of(r));
        String json = Files.readString(f);
        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
        JsonReader strict = new JsonReader(new java.io.StringReader(json));
        strict.setStrictness(Strictness.STRICT);
        assertTrue(JsonParser.parseReader(strict).getAsJsonArray().get(0).getAsJsonObject().get("trainLoss").isJsonNull());
        EpochRecord back = RunJson.GSON.fromJson(json, EpochRecord[].class)[0];
        assertTrue(Double.isNaN(back.trainLoss()) && Double.isNaN(back.valLoss()));
        assertEquals(0.25, back.valAccuracy());
    }

    @Test
    void theConfigMapKeepsTheKeysOfExistingRuns() {
        TrainConfig c = TrainConfig.builder("fer-net-d").optEpochs(90).optMixup(0.2f).build();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("model", "fer-net-d");
        expected.put("epochs", 90);
        expected.put("batch_size", 64);
        expected.put("optimizer", "SGD");
        expected.put("learning_rate", 0.05f);
        expected.put("momentum", 0.9f);
        expected.put("nesterov", true);
        expected.put("weight_decay", 5e-4f);
        expected.put("schedule", "COSINE");
        expected.put("warmup_epochs", 1);
        expected.put("step_epochs", 10);
        expected.put("decay", 0.1f);
        expected.put("patience", 3);
        expected.put("label_smoothing", 0.1f);
        expected.put("class_weights", false);
        expected.put("augmentation", Augmentation.STRONG.toString());
        expected.put("seed", 42L);
        expected.put("mixup_alpha", 0.2f);
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(c.asMap().entrySet()));
    }
}
