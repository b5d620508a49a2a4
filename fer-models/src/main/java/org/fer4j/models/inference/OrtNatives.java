package org.fer4j.models.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.fer4j.core.io.NativeCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points ONNX Runtime at its native libraries in fer4j's per-user cache ({@link NativeCache}) before it loads them, by
 * its documented {@code onnxruntime.native.path} property. Left to itself, ONNX Runtime copies 20 MB of libraries into
 * a new temporary folder on every run and, deleting the folder before its files at exit, leaves an empty
 * {@code onnxruntime-java*} folder behind each time. A path the user set is respected.
 */
final class OrtNatives {
    /** ONNX Runtime's property naming a folder that holds its libraries. */
    static final String PATH_PROPERTY = "onnxruntime.native.path";
    private static final Logger LOG = LoggerFactory.getLogger(OrtNatives.class);
    private static boolean done;

    private OrtNatives() {
    }

    /** Sets the property once per JVM, when ONNX Runtime's jar carries libraries for this platform. */
    static synchronized void prepare() {
        if (done) {
            return;
        }
        done = true;
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String platform = platform();
        ClassLoader loader = OrtNatives.class.getClassLoader();
        if (platform == null) {
            return;
        }
        String base = "ai/onnxruntime/native/" + platform + "/";
        Map<String, String> files = new LinkedHashMap<>();
        for (String lib : new String[] {"onnxruntime", "onnxruntime4j_jni", "onnxruntime_providers_shared"}) {
            String name = System.mapLibraryName(lib);
            if (loader.getResource(base + name) != null) {
                files.put(name, base + name);
            }
        }
        if (!files.containsKey(System.mapLibraryName("onnxruntime")) || !files.containsKey(System.mapLibraryName("onnxruntime4j_jni"))) {
            return; // no ONNX Runtime on the classpath, or a build laid out differently: its own loader decides
        }
        try {
            Path dir = NativeCache.unpack("onnxruntime", loader, files);
            System.setProperty(PATH_PROPERTY, dir.toAbsolutePath().toString());
        } catch (IOException e) {
            LOG.debug("ONNX Runtime natives not cached ({}); it unpacks them itself", e.toString());
        }
    }

    /** @return ONNX Runtime's folder name for this platform, or null */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "win" : null;
        String a = switch (arch) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        return o == null || a == null ? null : o + "-" + a;
    }
}
