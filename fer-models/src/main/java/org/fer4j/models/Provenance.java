package org.fer4j.models;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import ai.djl.engine.Engine;

/**
 * What a model was made from and with, recorded in its {@link ModelCard} so that a result can be traced to its data and
 * reproduced on the same software: the data files' SHA-256, the fer4j, DJL and native engine versions, the OS, CPU
 * architecture and Java version.
 *
 * @param dataSha256 SHA-256 (lower-case hex) of each data file, by file name (no machine path)
 * @param fer4jVersion the fer4j version that wrote the model
 * @param djlVersion the DJL version
 * @param engine the DJL engine the weights were computed on ({@code PyTorch})
 * @param engineVersion that engine's native library version
 * @param os operating system name and version
 * @param arch CPU architecture as Java names it ({@code amd64}, {@code aarch64})
 * @param javaVersion the Java runtime version
 */
public record Provenance(Map<String, String> dataSha256, String fer4jVersion, String djlVersion, String engine, String engineVersion,
        String os, String arch, String javaVersion) {

    /** Copies the map, keeping its order. */
    public Provenance {
        dataSha256 = dataSha256 == null ? Map.of() : new LinkedHashMap<>(dataSha256);
    }

    /**
     * @param engineName the DJL engine the model was computed on (loaded already, as training has)
     * @param dataSha256 SHA-256 of each data file, by file name ({@link #sha256(Path)})
     * @return this machine's provenance
     */
    public static Provenance current(String engineName, Map<String, String> dataSha256) {
        String engineVersion;
        try {
            engineVersion = Engine.getEngine(engineName).getVersion();
        } catch (RuntimeException e) {
            engineVersion = "unavailable (" + e.getMessage() + ")";
        }
        return new Provenance(dataSha256, libraryVersion(), Engine.getDjlVersion(), engineName, engineVersion,
                System.getProperty("os.name") + " " + System.getProperty("os.version"), System.getProperty("os.arch"),
                System.getProperty("java.runtime.version", System.getProperty("java.version")));
    }

    /** @return the fer4j version this library was built as ({@code unknown} when run from unfiltered classes) */
    public static String libraryVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("fer4j.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * @param file a data file
     * @return its SHA-256, lower-case hex
     * @throws FerModelException naming the file when it cannot be read
     */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new FerModelException(file.toString(), "cannot read it to record its SHA-256: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }
}
