package org.fer4j.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files unpacked once per machine: reused, safe under concurrency, repaired when damaged, never half-written. */
class NativeCacheTest {
    @TempDir
    Path tmp;

    private byte[] lib;
    private byte[] card;

    /** A jar holding two resources, as the natives' and the model's jars do. */
    private URLClassLoader jar(String name, long seed) throws IOException {
        Random r = new Random(seed);
        lib = new byte[3 << 20];
        r.nextBytes(lib);
        card = ("{\"seed\": " + seed + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path jar = tmp.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("natives/libthing.so"));
            out.write(lib);
            out.closeEntry();
            out.putNextEntry(new JarEntry("natives/card.json"));
            out.write(card);
            out.closeEntry();
        }
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
    }

    private static final Map<String, String> FILES = Map.of("libthing.so", "natives/libthing.so", "card.json", "natives/card.json");

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void unpacksOnceAndReusesTheFolder() throws Exception {
        Path root = tmp.resolve("cache");
        try (URLClassLoader cl = jar("a.jar", 1)) {
            Path dir = NativeCache.unpack(root, "thing", cl, FILES);
            assertTrue(dir.startsWith(root) && dir.getFileName().toString().startsWith("thing-"), dir.toString());
            assertArrayEquals(lib, Files.readAllBytes(dir.resolve("libthing.so")));
            assertArrayEquals(card, Files.readAllBytes(dir.resolve("card.json")));
            FileTime written = FileTime.fromMillis(1_000_000L);
            Files.setLastModifiedTime(dir.resolve("libthing.so"), written);
            assertEquals(dir, NativeCache.unpack(root, "thing", cl, FILES));
            assertEquals(written, Files.getLastModifiedTime(dir.resolve("libthing.so")), "reused, not written again");
            assertEquals(List.of(dir), list(root), "nothing else in the cache");
        }
        // other content (a new version of the jar) gets its own folder
        try (URLClassLoader cl = jar("b.jar", 2)) {
            Path other = NativeCache.unpack(root, "thing", cl, FILES);
            assertEquals(2, list(root).size());
            assertArrayEquals(lib, Files.readAllBytes(other.resolve("libthing.so")));
        }
    }

    @Test
    void aDamagedFolderIsReplaced() throws Exception {
        Path root = tmp.resolve("cache");
        try (URLClassLoader cl = jar("a.jar", 3)) {
            Path dir = NativeCache.unpack(root, "thing", cl, FILES);
            try (OutputStream out = Files.newOutputStream(dir.resolve("libthing.so"))) {
                out.write(lib, 0, 1000); // cut short, as a full disk or a killed copy would
            }
            assertEquals(dir, NativeCache.unpack(root, "thing", cl, FILES));
            assertArrayEquals(lib, Files.readAllBytes(dir.resolve("libthing.so")));
            assertEquals(List.of(dir), list(root), "the damaged copy is gone");
        }
    }

    @Test
    void concurrentUnpackersAgreeAndLeaveOneCompleteFolder() throws Exception {
        Path root = tmp.resolve("cache");
        try (URLClassLoader cl = jar("a.jar", 4)) {
            int n = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(n);
            try {
                List<Future<Path>> results = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Callable<Path> task = () -> {
                        start.await();
                        return NativeCache.unpack(root, "thing", cl, FILES);
                    };
                    results.add(pool.submit(task));
                }
                start.countDown();
                Path first = results.get(0).get();
                for (Future<Path> f : results) {
                    assertEquals(first, f.get());
                }
                assertArrayEquals(lib, Files.readAllBytes(first.resolve("libthing.so")));
                assertEquals(List.of(first), list(root), "no temporary folder is left");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aMissingResourceIsNamed() throws Exception {
        try (URLClassLoader cl = jar("a.jar", 5)) {
            FileNotFoundException e = assertThrows(FileNotFoundException.class,
                    () -> NativeCache.unpack(tmp.resolve("cache"), "thing", cl, Map.of("x.so", "natives/x.so")));
            assertEquals("classpath:natives/x.so", e.getMessage());
        }
    }

    @Test
    void theRootFollowsTheSystemProperty() {
        String old = System.getProperty(NativeCache.DIR_PROPERTY);
        try {
            System.setProperty(NativeCache.DIR_PROPERTY, tmp.toString());
            assertEquals(tmp, NativeCache.root());
            System.clearProperty(NativeCache.DIR_PROPERTY);
            assertNotEquals(tmp, NativeCache.root());
            assertTrue(NativeCache.root().endsWith("fer4j"), NativeCache.root().toString());
        } finally {
            if (old == null) {
                System.clearProperty(NativeCache.DIR_PROPERTY);
            } else {
                System.setProperty(NativeCache.DIR_PROPERTY, old);
            }
        }
    }
}
