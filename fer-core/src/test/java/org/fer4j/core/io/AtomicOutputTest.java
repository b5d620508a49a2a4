package org.fer4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {

    @TempDir
    Path dir;

    @Test
    void aFailedFileWriteKeepsTheOldContentAndLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("metrics.json");
        AtomicOutput.writeFile(f, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        IOException boom = new IOException("disk full");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicOutput.writeFile(f, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw boom;
        }));
        assertTrue(e.getMessage().contains("metrics.json") && e.getMessage().contains("disk full"), e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(1, count(dir), "only the finished file is left");
    }

    @Test
    void aFolderAppearsOnlyWhenCompleteAndIsNeverOverwritten() throws IOException {
        Path out = dir.resolve("images");
        assertThrows(IllegalStateException.class, () -> AtomicOutput.writeFolder(out, tmp -> {
            Files.writeString(tmp.resolve("a.png"), "x");
            throw new IllegalStateException("stopped half way");
        }));
        assertFalse(Files.exists(out));
        assertEquals(0, count(dir), "the half-filled temporary folder is removed");

        AtomicOutput.writeFolder(out, tmp -> Files.createDirectories(tmp.resolve("happy")).resolve("1.png").toFile().createNewFile());
        assertTrue(Files.isRegularFile(out.resolve("happy/1.png")));
        assertThrows(IllegalArgumentException.class, () -> AtomicOutput.writeFolder(out, tmp -> { }));
    }

    @Test
    void deleteTreeRemovesNestedFoldersAndAcceptsAbsentOnes() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("t/a/b"));
        Files.writeString(tree.resolve("f.txt"), "x");
        AtomicOutput.deleteTree(dir.resolve("t"));
        assertFalse(Files.exists(dir.resolve("t")));
        AtomicOutput.deleteTree(dir.resolve("absent"));
        AtomicOutput.deleteTree(null);
    }

    private static long count(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void outputsGetTheUmasksPermissionsNotPrivateTemporaryOnes() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "SKIPPED: no POSIX permissions here");
        Path probeFile = Files.createFile(dir.resolve("probe"));
        Path probeDir = Files.createDirectory(dir.resolve("probe-dir"));
        Assumptions.assumeFalse(Files.getPosixFilePermissions(probeFile).equals(PosixFilePermissions.fromString("rw-------")),
                "SKIPPED: the umask itself makes files private, so the test cannot tell");
        Path f = dir.resolve("out.json");
        AtomicOutput.writeFile(f, out -> out.write('x'));
        assertEquals(Files.getPosixFilePermissions(probeFile), Files.getPosixFilePermissions(f), "a file follows the umask");
        Path d = dir.resolve("folder");
        AtomicOutput.writeFolder(d, tmp -> Files.writeString(tmp.resolve("a.txt"), "a"));
        assertEquals(Files.getPosixFilePermissions(probeDir), Files.getPosixFilePermissions(d), "a folder follows the umask");
    }

    @Test
    void aFileIsNeverMovedOntoAFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("cm.png"));
        assertThrows(IllegalArgumentException.class, () -> AtomicOutput.writeFile(folder, out -> out.write(1)));
        assertTrue(Files.isDirectory(folder), "the empty folder is still a folder");
        assertEquals(1, count(dir), "and no temporary file is left");
    }
}
