package org.fer4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** A model card survives being read and written again, to the character. */
class ModelCardTest {

    @Test
    void aCardReadAndWrittenAgainKeepsItsText() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("epochs", 90);
        config.put("lr", 0.05);
        config.put("augment", "strong");
        Map<String, Object> metrics = Map.of("validation_accuracy", 0.7113, "best_epoch", 89);
        ModelCard card = new ModelCard("fer-net-d", Preprocessing.FER_STANDARDIZED, Map.of("train_faces", 28709), config, metrics,
                41, "2026-12-03T00:00:00Z", 89, null);
        String json = card.toJson();
        ModelCard back = ModelCard.fromJson(json, "test card");
        assertEquals(json, back.toJson());
        assertEquals(90L, back.config().get("epochs"));
        assertEquals(0.05, back.config().get("lr"));
    }

    @Test
    void aCardWithoutARequiredFieldNamesTheFileAndTheField(@TempDir Path dir) throws IOException {
        ModelCard card = new ModelCard("fer-net-d", Preprocessing.FER_STANDARDIZED, Map.of(), Map.of(), Map.of(), 1, "t", 1, null);
        JsonObject full = JsonParser.parseString(card.toJson()).getAsJsonObject();
        for (String field : new String[] {"architecture", "preprocessing", "preprocessing.std", "preprocessing.mean",
            "preprocessing.equalize"}) {
            JsonObject o = full.deepCopy();
            if (field.startsWith("preprocessing.")) {
                o.getAsJsonObject("preprocessing").remove(field.substring("preprocessing.".length()));
            } else {
                o.remove(field);
            }
            Path model = Files.createDirectories(dir.resolve(field));
            Files.writeString(model.resolve(ModelCard.FILE), o.toString());
            FerModelException e = assertThrows(FerModelException.class, () -> ModelCard.read(model));
            assertTrue(e.getMessage().contains(model.resolve(ModelCard.FILE).toString()), e.getMessage());
            assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("constructor"), e.getMessage());
        }
        Path wrongType = Files.createDirectories(dir.resolve("number"));
        Files.writeString(wrongType.resolve(ModelCard.FILE), card.toJson().replace("\"fer-net-d\"", "42"));
        FerModelException e = assertThrows(FerModelException.class, () -> ModelCard.read(wrongType));
        assertTrue(e.getMessage().contains("'architecture' must be a non-empty string"), e.getMessage());
        Path array = Files.createDirectories(dir.resolve("array"));
        Files.writeString(array.resolve(ModelCard.FILE), "[1, 2]");
        e = assertThrows(FerModelException.class, () -> ModelCard.read(array));
        assertTrue(e.getMessage().contains("must be a JSON object"), e.getMessage());
    }

    /** The typed provenance is written and read back; a card written before it existed still loads, without one. */
    @Test
    void provenanceIsReadBackAndOldCardsLoadWithout() {
        Provenance p = Provenance.current("PyTorch", Map.of("train.csv.gz", "ab".repeat(32)));
        ModelCard card = new ModelCard("fer-net", Preprocessing.FER_STANDARDIZED, Map.of(), Map.of(), Map.of(), 1, "2026-12-04T00:00:00Z", 3)
                .withProvenance(p);
        ModelCard back = ModelCard.fromJson(card.toJson(), "test card");
        assertEquals(p, back.provenance());
        assertEquals(System.getProperty("os.arch"), back.provenance().arch());
        assertFalse(back.provenance().djlVersion().isBlank());
        String old = card.toJson().replaceAll("(?s),\\s*\"provenance\": \\{.*?\\}\\s*\\}", "}");
        assertFalse(old.contains("provenance"), old);
        assertNull(ModelCard.fromJson(old, "old card").provenance());
    }
}
