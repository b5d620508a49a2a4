package org.fer4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
