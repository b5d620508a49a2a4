package org.fer4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.fer4j.core.Emotion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FerPlusVotesTest {
    @TempDir
    Path dir;

    @Test
    void mapsColumnsToOurClassesAndLeavesContemptOut() {
        // neutral 2, happiness 6, contempt 2
        FerPlusVotes v = new FerPlusVotes(0, Usage.TRAINING, "x.png", new int[] {2, 6, 0, 0, 0, 0, 0, 2, 0, 0});
        assertEquals(Optional.of(Emotion.HAPPY), v.majority());
        float[] d = v.distribution();
        assertEquals(0.75f, d[Emotion.HAPPY.index()], 1e-6);
        assertEquals(0.25f, d[Emotion.NEUTRAL.index()], 1e-6);
        assertEquals(2, v.contemptVotes());
        FerPlusVotes contempt = new FerPlusVotes(1, Usage.TRAINING, "", new int[] {1, 0, 0, 0, 0, 0, 0, 8, 1, 0});
        assertTrue(contempt.majority().isEmpty());
        FerPlusVotes notFace = new FerPlusVotes(2, Usage.TRAINING, "", new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 10});
        assertTrue(notFace.majority().isEmpty());
        assertArrayEquals(new float[7], notFace.distribution());
    }

    @Test
    void readerValidates() throws IOException {
        Path f = dir.resolve("fer2013new.csv");
        Files.writeString(f, "Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n"
                + "Training,fer0000000.png,4,0,0,1,3,2,0,0,0,0\n"
                + "PublicTest,,0,10,0,0,0,0,0,0,0,0\n");
        List<FerPlusVotes> rows = FerPlusReader.read(f);
        assertEquals(2, rows.size());
        assertEquals(Emotion.NEUTRAL, rows.get(0).majority().orElseThrow());
        assertEquals(1, rows.get(1).row());
        Files.writeString(f, "Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n"
                + "Training,a.png,4,0,0,1,x,2,0,0,0,0\n");
        assertEquals("fer2013new.csv line 2: anger votes 'x' is not an integer",
                assertThrows(FerDataException.class, () -> FerPlusReader.read(f)).getMessage());
    }

    @Test
    void aFileWithoutLineEndsFailsAtTheLineLimit() throws IOException {
        Path f = dir.resolve("one-line.csv");
        Files.writeString(f, "Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n"
                + "Training,a.png,".repeat(10_000));
        FerDataException e = assertThrows(FerDataException.class, () -> FerPlusReader.read(f));
        assertEquals("one-line.csv line 2: line longer than 65536 bytes (a FER2013 row is at most about 9.3 KB): not a FER2013 or FER+ CSV,"
                + " or a corrupt file", e.getMessage());
    }
}
