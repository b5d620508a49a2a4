package org.fer4j.vision;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.fer4j.core.io.NativeCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nu.pattern.OpenCV;

/**
 * Loads OpenCV's native library (bundled in the openpnp jar) once per JVM, from fer4j's per-user cache
 * ({@link NativeCache}): the 63 MB library is unpacked once per machine, not into the temporary folder on every run
 * (where a killed JVM left it). Platforms the openpnp jar lays out differently fall back to its own loader.
 */
public final class OpenCvRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(OpenCvRuntime.class);
    /**
     * The library's name in the openpnp jar ({@code Core.NATIVE_LIBRARY_NAME}, which cannot be read before the library is
     * loaded); with another OpenCV version the resource is not found and openpnp's own loader is used.
     */
    static final String LIBRARY = "opencv_java490";
    private static boolean loaded;

    private OpenCvRuntime() {
    }

    /** Loads the natives if not yet loaded. Safe to call from any thread, any number of times. */
    public static synchronized void load() {
        if (!loaded) {
            if (!loadFromCache()) {
                OpenCV.loadLocally();
            }
            loaded = true;
        }
    }

    private static boolean loadFromCache() {
        String resource = resource();
        if (resource == null) {
            return false;
        }
        String file = resource.substring(resource.lastIndexOf('/') + 1);
        try {
            Path dir = NativeCache.unpack(LIBRARY, OpenCV.class.getClassLoader(), Map.of(file, resource));
            System.load(dir.resolve(file).toAbsolutePath().toString());
            return true;
        } catch (IOException | UnsatisfiedLinkError e) {
            LOG.debug("OpenCV natives not loaded from the cache ({}); using openpnp's loader", e.toString());
            return false;
        }
    }

    /** @return where the openpnp jar keeps this platform's library, or null when it is not there */
    static String resource() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osDir = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "windows" : null;
        String archDir = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "ARMv8";
            case "arm" -> "ARMv7";
            case "x86", "i386", "i686" -> "x86_32";
            default -> null;
        };
        if (osDir == null || archDir == null) {
            return null;
        }
        String r = "nu/pattern/opencv/" + osDir + "/" + archDir + "/" + System.mapLibraryName(LIBRARY);
        return OpenCV.class.getClassLoader().getResource(r) != null ? r : null;
    }

    /** @return OpenCV's version string, loading the natives first */
    public static String version() {
        load();
        return org.opencv.core.Core.VERSION;
    }
}
