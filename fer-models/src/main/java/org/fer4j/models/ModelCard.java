package org.fer4j.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Provenance of a trained model, saved as {@code model-card.json} beside its weights: which architecture and
 * preprocessing, what data, which training configuration and seed, when, and what it measured.
 *
 * @param architecture registry name of the architecture (see {@link ModelRegistry})
 * @param preprocessing the input transform
 * @param data what it was trained and selected on
 * @param config training settings
 * @param metrics measured results, e.g. {@code publictest_accuracy}
 * @param seed the run's seed
 * @param created ISO-8601 time the card was written
 * @param epochs epochs trained
 * @param reference the weights' answers to fixed faces, written by {@link ModelFiles#save} and checked when a classifier
 *     loads them; {@code null} in cards written before fer4j recorded it, which are not checked
 * @param provenance data checksums and software versions the model was made with; {@code null} in cards written before
 *     fer4j recorded it
 */
public record ModelCard(String architecture, Preprocessing preprocessing, Map<String, Object> data, Map<String, Object> config,
        Map<String, Object> metrics, long seed, String created, int epochs, ReferenceOutput reference, Provenance provenance) {
    /** File name of the card inside a model folder. */
    public static final String FILE = "model-card.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            // numbers in the free-form maps read back as written (64, not 64.0), so a card read and saved again keeps its text
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE).create();

    /** Validates and copies. */
    public ModelCard {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(preprocessing, "preprocessing");
        data = data == null ? Map.of() : new LinkedHashMap<>(data);
        config = config == null ? Map.of() : new LinkedHashMap<>(config);
        metrics = metrics == null ? Map.of() : new LinkedHashMap<>(metrics);
    }

    /**
     * A card without a reference output: {@link ModelFiles#save} measures and adds it.
     *
     * @param architecture registry name of the architecture
     * @param preprocessing the input transform
     * @param data what it was trained and selected on
     * @param config training settings
     * @param metrics measured results
     * @param seed the run's seed
     * @param created ISO-8601 time
     * @param epochs epochs trained
     */
    public ModelCard(String architecture, Preprocessing preprocessing, Map<String, Object> data, Map<String, Object> config,
            Map<String, Object> metrics, long seed, String created, int epochs) {
        this(architecture, preprocessing, data, config, metrics, seed, created, epochs, null, null);
    }

    /**
     * A card with a reference output and no provenance.
     *
     * @param architecture registry name of the architecture
     * @param preprocessing the input transform
     * @param data what it was trained and selected on
     * @param config training settings
     * @param metrics measured results
     * @param seed the run's seed
     * @param created ISO-8601 time
     * @param epochs epochs trained
     * @param reference the weights' answers to fixed faces, or {@code null}
     */
    public ModelCard(String architecture, Preprocessing preprocessing, Map<String, Object> data, Map<String, Object> config,
            Map<String, Object> metrics, long seed, String created, int epochs, ReferenceOutput reference) {
        this(architecture, preprocessing, data, config, metrics, seed, created, epochs, reference, null);
    }

    /**
     * @param metrics replacement metrics
     * @return a copy with these metrics
     */
    public ModelCard withMetrics(Map<String, Object> metrics) {
        return new ModelCard(architecture, preprocessing, data, config, metrics, seed, created, epochs, reference, provenance);
    }

    /**
     * @param ref the weights' answers to {@link ReferenceOutput#checkFaces()}
     * @return a copy carrying them
     */
    public ModelCard withReference(ReferenceOutput ref) {
        return new ModelCard(architecture, preprocessing, data, config, metrics, seed, created, epochs, ref, provenance);
    }

    /**
     * @param p data checksums and software versions
     * @return a copy carrying them
     */
    public ModelCard withProvenance(Provenance p) {
        return new ModelCard(architecture, preprocessing, data, config, metrics, seed, created, epochs, reference, p);
    }

    /**
     * Names a trained model without a machine path, for the cards of models derived from it (teachers, initial weights).
     *
     * @return architecture, seed, creation time and metrics in one line
     */
    public String identity() {
        return architecture + " seed " + seed + " created " + created + " metrics " + metrics;
    }

    /** @return the card as pretty-printed JSON */
    public String toJson() {
        return GSON.toJson(this);
    }

    /**
     * @param json a card as written by {@link #toJson()}
     * @param source name for error messages
     * @return the card
     */
    public static ModelCard fromJson(String json, String source) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new FerModelException(source, "model card is not valid JSON: " + rootMessage(e), e);
        }
        if (!root.isJsonObject()) {
            throw new FerModelException(source, "model card must be a JSON object, found " + describe(root));
        }
        JsonObject o = root.getAsJsonObject();
        // Gson fills a missing field with null or 0 and a record's own check then fails deep inside reflection, so the
        // fields a classifier cannot work without are checked here, by name, before binding.
        requireString(o, "architecture", source);
        JsonObject pre = requireObject(o, "preprocessing", source);
        requireBoolean(pre, "preprocessing.equalize", "equalize", source);
        requireNumber(pre, "preprocessing.mean", "mean", source);
        requireNumber(pre, "preprocessing.std", "std", source);
        try {
            return GSON.fromJson(o, ModelCard.class);
        } catch (RuntimeException e) {
            throw new FerModelException(source, "model card has a malformed field: " + rootMessage(e), e);
        }
    }

    private static void requireString(JsonObject o, String name, String source) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw missing(source, name);
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
            throw new FerModelException(source, "model card field '" + name + "' must be a non-empty string, found " + describe(e));
        }
    }

    private static JsonObject requireObject(JsonObject o, String name, String source) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw missing(source, name);
        }
        if (!e.isJsonObject()) {
            throw new FerModelException(source, "model card field '" + name + "' must be an object, found " + describe(e));
        }
        return e.getAsJsonObject();
    }

    private static void requireBoolean(JsonObject o, String path, String name, String source) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw missing(source, path);
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new FerModelException(source, "model card field '" + path + "' must be true or false, found " + describe(e));
        }
    }

    private static void requireNumber(JsonObject o, String path, String name, String source) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw missing(source, path);
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || !Double.isFinite(e.getAsDouble())) {
            throw new FerModelException(source, "model card field '" + path + "' must be a finite number, found " + describe(e));
        }
    }

    private static FerModelException missing(String source, String field) {
        return new FerModelException(source, "model card lacks the required field '" + field + "'");
    }

    private static String describe(JsonElement e) {
        String s = e.toString();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.toString() : r.getMessage();
    }

    /**
     * @param dir a model folder
     * @return its card
     * @throws FerModelException when the card is missing or malformed
     */
    public static ModelCard read(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new FerModelException(dir.toString(), "no " + FILE + " in this folder; is it a fer4j model folder?");
        }
        try {
            return fromJson(Files.readString(f, StandardCharsets.UTF_8), f.toString());
        } catch (IOException e) {
            throw new FerModelException(f.toString(), "cannot read: " + e.getMessage(), e);
        }
    }
}
