package org.fer4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.DoubleFunction;

import org.fer4j.core.io.AtomicOutput;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * The JSON of a run folder (metrics, config, loop state): a value that is not a finite number is written as
 * {@code null}, never as a bare {@code NaN} that JSON readers refuse, and read back as NaN.
 */
final class RunJson {
    /** Pretty-printed, non-finite numbers as {@code null}. */
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls()
            .registerTypeAdapter(Double.class, finiteOrNull(d -> d)).registerTypeAdapter(double.class, finiteOrNull(d -> d))
            .registerTypeAdapter(Float.class, finiteOrNull(d -> (float) d)).registerTypeAdapter(float.class, finiteOrNull(d -> (float) d))
            .create();

    private RunJson() {
    }

    /**
     * @param file the file to (re)write whole
     * @param value what to write
     */
    static void write(Path file, Object value) {
        byte[] json = GSON.toJson(value).getBytes(StandardCharsets.UTF_8);
        AtomicOutput.writeFile(file, out -> out.write(json));
    }

    /** Doubles and floats alike: null for NaN and infinities, so every file stays valid JSON. */
    private static <T extends Number> TypeAdapter<T> finiteOrNull(DoubleFunction<T> box) {
        return new TypeAdapter<>() {
            @Override
            public void write(JsonWriter out, T v) throws IOException {
                if (v == null || !Double.isFinite(v.doubleValue())) {
                    out.nullValue();
                } else {
                    out.value(v);
                }
            }

            @Override
            public T read(JsonReader in) throws IOException {
                if (in.peek() == JsonToken.NULL) {
                    in.nextNull();
                    return box.apply(Double.NaN);
                }
                return box.apply(in.nextDouble());
            }
        };
    }
}
