package org.fer4j.vision;

import nu.pattern.OpenCV;

/** Loads OpenCV's native library (bundled in the openpnp jar) once per JVM. */
public final class OpenCvRuntime {
    private static boolean loaded;

    private OpenCvRuntime() {
    }

    /** Loads the natives if not yet loaded. Safe to call from any thread, any number of times. */
    public static synchronized void load() {
        if (!loaded) {
            OpenCV.loadLocally();
            loaded = true;
        }
    }

    /** @return OpenCV's version string, loading the natives first */
    public static String version() {
        load();
        return org.opencv.core.Core.VERSION;
    }
}
