package org.fer4j.core.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-user cache of files that ship inside jars but must exist on disk (native libraries, the bundled model), so
 * they are unpacked once per machine rather than into the temporary folder on every run, where a killed JVM leaves
 * them behind.
 *
 * <p>The cache lives in {@code ${fer4j.cache.dir}}, else {@code ${XDG_CACHE_HOME}/fer4j}, else
 * {@code ${user.home}/.cache/fer4j}. Each set of files gets a folder named by its content's identity (each file's size
 * and CRC-32, which a jar records for every entry, so identifying costs no reading); a new or changed jar gets a new
 * folder. A folder is filled under a temporary name, each file checked against its size and CRC-32 as it is copied,
 * and renamed into place in one step, so concurrent JVMs never see a half-written folder: the loser of a race discards
 * its copy and uses the winner's. On reuse every file's size is checked, and a damaged folder is replaced.
 */
public final class NativeCache {
    /** System property naming the cache folder. */
    public static final String DIR_PROPERTY = "fer4j.cache.dir";
    private static final Logger LOG = LoggerFactory.getLogger(NativeCache.class);
    /** Temporary folders of JVMs killed while filling the cache are removed once this old. */
    private static final Duration STALE = Duration.ofHours(1);

    private NativeCache() {
    }

    /** @return the cache folder (not created) */
    public static Path root() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "fer4j");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "fer4j");
    }

    /**
     * Unpacks classpath resources into {@link #root()} once, or finds them unpacked already.
     *
     * @param name what the files are, the start of the folder's name (e.g. {@code opencv})
     * @param loader finds the resources
     * @param files file name in the folder -> resource path (no leading slash)
     * @return the folder holding the files under their names
     * @throws IOException when a resource is missing or the cache cannot be written
     */
    public static Path unpack(String name, ClassLoader loader, Map<String, String> files) throws IOException {
        return unpack(root(), name, loader, files);
    }

    /**
     * As {@link #unpack(String, ClassLoader, Map)}, into a given cache folder.
     *
     * @param root the cache folder
     * @param name what the files are, the start of the folder's name
     * @param loader finds the resources
     * @param files file name in the folder -> resource path (no leading slash)
     * @return the folder holding the files under their names
     * @throws IOException when a resource is missing or the cache cannot be written
     */
    public static Path unpack(Path root, String name, ClassLoader loader, Map<String, String> files) throws IOException {
        List<Item> items = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            URL url = loader.getResource(f.getValue());
            if (url == null) {
                throw new FileNotFoundException("classpath:" + f.getValue());
            }
            items.add(identify(f.getKey(), url));
        }
        Path dir = root.resolve(name + "-" + key(items));
        if (complete(dir, items)) {
            return dir;
        }
        Files.createDirectories(root);
        removeStale(root);
        if (Files.exists(dir)) {
            // damaged (a file removed or cut short): moved aside first, so a JVM using it keeps its open files
            Path aside = root.resolve(dir.getFileName() + ".damaged-" + Long.toUnsignedString(System.nanoTime(), 36) + ".tmp");
            try {
                Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
                LOG.warn("cache folder {} was damaged; unpacking it again", dir);
                AtomicOutput.deleteTree(aside);
            } catch (IOException e) {
                LOG.debug("another JVM is replacing {}: {}", dir, e.toString());
            }
        }
        Path tmp = AtomicOutput.newTempFolder(root, dir.getFileName().toString());
        try {
            for (Item it : items) {
                copy(it, tmp.resolve(it.file));
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the cache folder " + root + " does not support atomic renames", e);
            } catch (FileSystemException e) {
                // another JVM finished first (rename(2) onto its non-empty folder reports ENOTEMPTY, which Java maps to a
                // plain FileSystemException); its folder is as good as ours, which the check below confirms
                if (!complete(dir, items)) {
                    throw e;
                }
                LOG.debug("{} was unpacked concurrently", dir);
            }
        } finally {
            AtomicOutput.deleteTree(tmp);
        }
        if (!complete(dir, items)) {
            throw new IOException("cache folder " + dir + " is incomplete after unpacking; remove it and retry");
        }
        return dir;
    }

    /** One file to cache: its name, where it comes from, and its identity. */
    private record Item(String file, URL url, long size, long crc) {
    }

    private static Item identify(String file, URL url) throws IOException {
        URLConnection c = url.openConnection();
        if (c instanceof JarURLConnection jar) {
            JarEntry e = jar.getJarEntry();
            if (e != null && e.getSize() >= 0 && e.getCrc() >= 0) {
                return new Item(file, url, e.getSize(), e.getCrc());
            }
        }
        // a plain file (a build folder on the classpath): read it once to identify it
        CRC32 crc = new CRC32();
        long size = 0;
        try (InputStream in = url.openStream()) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                crc.update(buf, 0, n);
                size += n;
            }
        }
        return new Item(file, url, size, crc.getValue());
    }

    private static String key(List<Item> items) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Item it : items) {
                md.update((it.file + "\n" + it.size + "\n" + it.crc + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static boolean complete(Path dir, List<Item> items) {
        try {
            for (Item it : items) {
                Path f = dir.resolve(it.file);
                if (!Files.isRegularFile(f) || Files.size(f) != it.size) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void copy(Item it, Path target) throws IOException {
        CRC32 crc = new CRC32();
        long n;
        try (InputStream in = new CheckedInputStream(it.url.openStream(), crc); OutputStream out = Files.newOutputStream(target)) {
            n = in.transferTo(out);
        }
        if (n != it.size || crc.getValue() != it.crc) {
            throw new IOException("unpacking " + it.url + " gave " + n + " bytes with CRC " + Long.toHexString(crc.getValue())
                    + ", expected " + it.size + " bytes with CRC " + Long.toHexString(it.crc));
        }
    }

    /** Removes the temporary folders that JVMs killed while unpacking left behind. */
    private static void removeStale(Path root) {
        Instant cutoff = Instant.now().minus(STALE);
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                FileTime t = Files.getLastModifiedTime(p);
                if (t.toInstant().isBefore(cutoff)) {
                    AtomicOutput.deleteTree(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot tidy {}: {}", root, e.toString());
        }
    }
}
