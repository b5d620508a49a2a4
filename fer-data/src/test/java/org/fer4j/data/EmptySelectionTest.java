package org.fer4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading faces that select nothing is an error naming the file and the selection, never an empty result. */
class EmptySelectionTest {
    @TempDir
    Path dir;

    @Test
    void aHeaderOnlyFileIsRefused() throws Exception {
        Path f = CsvFixtures.write(dir, "header-only.csv", CsvFixtures.HEADER);
        FerDataException e = assertThrows(FerDataException.class, () -> FaceStore.read(f));
        assertEquals(f + ": no rows of any usage", e.getMessage());
    }

    @Test
    void aUsageWithNoRowsIsRefused() throws Exception {
        Path f = CsvFixtures.write(dir, "train.csv", CsvFixtures.HEADER, CsvFixtures.row(3, 1, "Training"));
        FerDataException e = assertThrows(FerDataException.class, () -> FaceStore.read(Usage.PUBLIC_TEST, f));
        assertEquals(f + ": no rows of usage PublicTest", e.getMessage());
        assertEquals(1, FaceStore.read(Usage.TRAINING, f).size());
    }
}
