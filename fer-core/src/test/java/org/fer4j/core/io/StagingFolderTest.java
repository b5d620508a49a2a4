package org.fer4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.fer4j.core.FerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingFolderTest {
    @TempDir
    Path tmp;

    @Test
    void committedEntriesReplaceWhatWasThereAndNothingElseStays() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("old.annotated"));
        Files.writeString(out.resolve("old.annotated/x.png"), "old");
        try (StagingFolder s = StagingFolder.in(out)) {
            Files.writeString(s.dir().resolve("a.jsonl"), "{}\n");
            Files.createDirectories(s.dir().resolve("old.annotated"));
            Files.writeString(s.dir().resolve("old.annotated/y.png"), "new");
            Files.writeString(s.dir().resolve("not-committed.tmp"), "x");
            s.commit("a.jsonl");
            s.commit("old.annotated");
        }
        try (Stream<Path> l = Files.list(out)) {
            assertEquals(List.of("a.jsonl", "old.annotated"), l.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertFalse(Files.exists(out.resolve("old.annotated/x.png")));
        assertEquals("new", Files.readString(out.resolve("old.annotated/y.png")));
    }

    @Test
    void aFailedRunRemovesTheOutputFolderItMadeAndAStaleFolderOfADeadProcessGoes() throws Exception {
        Path out = tmp.resolve("fresh");
        try (StagingFolder s = StagingFolder.in(out)) {
            Files.writeString(s.dir().resolve("a.jsonl"), "{}\n");
        }
        assertFalse(Files.exists(out), "a run that committed nothing left the folder it created");
        Path kept = Files.createDirectories(tmp.resolve("kept"));
        // pid 2^31-1 does not run here: its staging folder is what a kill -9 leaves
        Path stale = Files.createDirectories(kept.resolve(".fer-staging-2147483647-abc"));
        Files.writeString(stale.resolve("half.jsonl"), "{");
        StagingFolder.in(kept).close();
        assertTrue(Files.isDirectory(kept));
        assertFalse(Files.exists(stale));
    }

    @Test
    void aFileInPlaceOfTheFolderIsRefusedByName() throws Exception {
        Path file = Files.writeString(tmp.resolve("taken"), "x");
        FerException e = assertThrows(FerException.class, () -> StagingFolder.in(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }
}
