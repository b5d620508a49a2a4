package org.fer4j.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a file or a folder through a temporary sibling that is moved into place only when complete, so a
 * failed conversion never leaves a half-written output behind.
 */
public final class AtomicOutput {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicOutput.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicOutput() {
    }

    /** Something that writes to a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        /** @param out where to write @throws IOException on failure */
        void write(OutputStream out) throws IOException;
    }

    /** Something that fills a folder. */
    @FunctionalInterface
    public interface FolderWriter {
        /** @param dir the (temporary) folder to fill @throws IOException on failure */
        void write(Path dir) throws IOException;
    }

    /**
     * @param target the file to create or replace (not a folder)
     * @param writer writes its content
     * @throws IllegalArgumentException when the target is a folder
     * @throws UncheckedIOException naming the target and the reason when writing fails; nothing is left behind
     */
    public static void writeFile(Path target, StreamWriter writer) {
        if (Files.isDirectory(target)) {
            // a move onto an empty folder would silently replace it with the file
            throw new IllegalArgumentException(target + " is a folder; refusing to replace it with a file");
        }
        writeThroughTemp(target, (parent, prefix) -> newTempFile(parent, prefix, ".tmp"), tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
        });
    }

    /**
     * @param target a folder that must not exist yet
     * @param writer fills it
     */
    public static void writeFolder(Path target, FolderWriter writer) {
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " already exists; refusing to overwrite it");
        }
        writeThroughTemp(target, (parent, prefix) -> newTempFolder(parent, prefix), writer);
    }

    /**
     * Creates a new empty file with a unique name in {@code parent}, with the permissions any new file gets there (the
     * umask's), unlike {@link Files#createTempFile}, which makes it 0600 and so every output moved from it private.
     *
     * @param parent the folder
     * @param prefix start of the name
     * @param suffix end of the name
     * @return the file
     * @throws IOException when it cannot be created
     */
    public static Path newTempFile(Path parent, String prefix, String suffix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createFile(parent.resolve(uniqueName(prefix, suffix)));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Creates a new empty folder with a unique name in {@code parent}, with the umask's permissions (not 0700 as
     * {@link Files#createTempDirectory} would), since it becomes the finished output.
     *
     * @param parent the folder
     * @param prefix start of the name
     * @return the folder
     * @throws IOException when it cannot be created
     */
    public static Path newTempFolder(Path parent, String prefix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Files.createDirectory(parent.resolve(uniqueName(prefix, ".tmp")));
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    private static String uniqueName(String prefix, String suffix) {
        return prefix + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix;
    }

    /** Creates the temporary sibling (a file or a folder) in the target's folder. */
    @FunctionalInterface
    private interface TempCreator {
        Path create(Path parent, String prefix) throws IOException;
    }

    /** The one failure policy for both kinds of output: remove the temporary, name the target, keep the cause. */
    private static void writeThroughTemp(Path target, TempCreator temp, FolderWriter fill) {
        Path abs = target.toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(abs.getParent());
            tmp = temp.create(abs.getParent(), "." + abs.getFileName());
            fill.write(tmp);
            move(tmp, abs);
        } catch (IOException e) {
            deleteTree(tmp);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    /** Moves atomically where the filesystem can, replacing the target; shared with {@link StagingFolder}. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes a folder and everything in it (or a single file), best effort: what cannot be removed is logged,
     * not thrown, because callers clean up their own temporary output after the real work succeeded or failed.
     *
     * @param dir the folder or file; absent or null is fine
     */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not remove temporary output {}: {}", dir, e.toString());
        }
    }
}
