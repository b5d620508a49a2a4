package org.fer4j.models.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fer4j.core.io.NativeCache;
import org.fer4j.models.FerModelException;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled model's files on disk: unpacked once per machine into fer4j's per-user cache ({@link NativeCache}), not
 * into the temporary folder on every run (14 MB each time, left behind by a killed JVM). When the cache cannot be
 * written (a read-only home), a temporary folder removed at exit is used, as before.
 */
final class BundledModel {
    private static final Logger LOG = LoggerFactory.getLogger(BundledModel.class);

    private BundledModel() {
    }

    /**
     * @return a folder holding the bundled model's card and weights
     * @throws FerModelException when this build carries no bundled model
     */
    static Path unpack() {
        ClassLoader loader = BundledModel.class.getClassLoader();
        String base = ExpressionClassifiers.BUNDLED.substring(1) + "/";
        ModelCard card = ModelCard.fromJson(text(loader, base + ModelCard.FILE), "classpath:" + base + ModelCard.FILE);
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : new String[] {ModelCard.FILE, ExpressionClassifiers.ONNX_FILE, ModelFiles.paramsFile(card),
            ExpressionClassifiers.ONNX_INT8_FILE}) {
            if (loader.getResource(base + name) != null) {
                files.put(name, base + name);
            } else if (!name.equals(ExpressionClassifiers.ONNX_INT8_FILE)) {
                throw new FerModelException("classpath:" + base + name, "bundled model file not found in this build");
            }
        }
        try {
            return NativeCache.unpack("model-" + card.architecture(), loader, files);
        } catch (IOException e) {
            LOG.warn("cannot use the cache folder {} ({}); unpacking the bundled model into a temporary folder", NativeCache.root(),
                    e.toString());
            return unpackToTemp(loader, files);
        }
    }

    private static Path unpackToTemp(ClassLoader loader, Map<String, String> files) {
        try {
            Path dir = Files.createTempDirectory("fer4j-default-model");
            dir.toFile().deleteOnExit();
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey());
                try (InputStream in = loader.getResourceAsStream(f.getValue())) {
                    Files.copy(in, target);
                }
                target.toFile().deleteOnExit();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the bundled model", e);
        }
    }

    private static String text(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new FerModelException("classpath:" + resource, "bundled model file not found in this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FerModelException("classpath:" + resource, "cannot read: " + e.getMessage(), e);
        }
    }
}
