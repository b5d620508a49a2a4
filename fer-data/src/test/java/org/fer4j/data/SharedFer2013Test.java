package org.fer4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

import org.fer4j.core.Dataset;
import org.fer4j.testing.SharedData;
import org.junit.jupiter.api.Test;

/** Integration tests over the real FER2013 and FER+ files in ../shared/data (skipped when absent). */
class SharedFer2013Test {

    @Test
    void trainingCountsAreExact() {
        Path train = SharedData.require("fer2013/train.csv.gz");
        DatasetStats s = DatasetStats.of(train, Fer2013Reader.strict());
        assertArrayEquals(new int[] {3995, 436, 4097, 7215, 4830, 3171, 4965}, s.counts().get(Usage.TRAINING));
        assertEquals(1, s.counts().size());
        assertEquals(28_709, s.report().rowsAccepted());
        System.out.printf("read 28,709 Training rows in %.2f s%n", s.seconds());
    }

    @Test
    void publicTestCountsAreExact() {
        Path test = SharedData.require("fer2013/publictest.csv.gz");
        DatasetStats s = DatasetStats.of(test, Fer2013Reader.strict());
        assertArrayEquals(new int[] {467, 56, 496, 895, 653, 415, 607}, s.counts().get(Usage.PUBLIC_TEST));
    }

    @Test
    void writerRoundTripsTheRealFileByteForByte() throws IOException, NoSuchAlgorithmException {
        Path test = SharedData.require("fer2013/publictest.csv.gz");
        FaceStore store = FaceStore.read(test);
        Path out = Files.createTempFile("publictest", ".csv");
        try {
            Fer2013Writer.write(out, store);
            // sha256 of the uncompressed CSV, from ../shared/data/fer2013/README.md
            assertEquals("412036d077c6ec203047b2935ab14bc858d8136ee26e8db3e23023f1fc9dee08", sha256(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void tutorialSplitIsFirst24000TrainingRows() {
        FaceStore store = FaceStore.read(SharedData.require("fer2013/train.csv.gz"));
        Dataset[] split = store.tutorialSplit();
        assertEquals(24_000, split[0].size());
        assertEquals(4_709, split[1].size());
        assertEquals(store.image(24_000), split[1].image(0));
        // row 0 starts 70 80 82 72 58 (data README)
        assertArrayEquals(new int[] {70, 80, 82, 72, 58}, IntStream.range(0, 5).map(i -> store.image(0).get(i)).toArray());
    }

    @Test
    void ferPlusAlignsByRowPosition() {
        Path plus = SharedData.require("ferplus/fer2013new.csv");
        List<FerPlusVotes> rows = FerPlusReader.read(plus);
        assertEquals(35_887, rows.size());
        assertEquals(28_709, FerPlusReader.ofUsage(rows, Usage.TRAINING).size());
        List<FerPlusVotes> pub = FerPlusReader.ofUsage(rows, Usage.PUBLIC_TEST);
        assertEquals(3_589, pub.size());
        assertEquals(28_709, pub.get(0).row());
        // the data README: row 60 is named fer0000059.png, so names are not indices
        assertEquals("fer0000059.png", rows.get(60).imageName());
        long noMajority = rows.stream().filter(r -> r.majority().isEmpty()).count();
        assertTrue(noMajority > 0 && noMajority < 2_000, "rows without a 7-class majority: " + noMajority);
    }

    private static String sha256(Path p) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
