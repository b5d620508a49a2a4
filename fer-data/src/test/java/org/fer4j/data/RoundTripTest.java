package org.fer4j.data;

import static org.fer4j.data.CsvFixtures.HEADER;
import static org.fer4j.data.CsvFixtures.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.fer4j.core.Emotion;
import org.fer4j.core.FaceImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {
    @TempDir
    Path dir;

    private Path sample() throws IOException {
        return CsvFixtures.write(dir, "in.csv", HEADER, row(3, 1, "Training"), row(1, 200, "Training"), row(0, 17, "PublicTest"),
                row(6, 99, "PrivateTest"));
    }

    @Test
    void writerReproducesCanonicalBytes() throws IOException {
        Path in = sample();
        FaceStore store = FaceStore.read(in);
        Path out = dir.resolve("out.csv");
        Fer2013Writer.write(out, store);
        assertArrayEquals(Files.readAllBytes(in), Files.readAllBytes(out));
        Path gz = dir.resolve("out.csv.gz");
        Fer2013Writer.write(gz, store);
        FaceStore back = FaceStore.read(gz);
        assertEquals(store.rows(), back.rows());
    }

    @Test
    void storeSplitsByUsage() throws IOException {
        FaceStore store = FaceStore.read(sample());
        assertEquals(2, store.usage(Usage.TRAINING).size());
        assertEquals(Emotion.ANGRY, store.usage(Usage.PUBLIC_TEST).label(0));
        assertThrows(IllegalStateException.class, store::tutorialSplit);
    }

    @Test
    void imageFolderRoundTripKeepsPixelsAndRowOrder() throws IOException {
        FaceStore store = FaceStore.read(sample());
        Path root = dir.resolve("folder");
        ImageFolders.writeImageFolder(store, root, "png");
        assertTrue(Files.exists(root.resolve("happy/00000.png")));
        assertTrue(Files.exists(root.resolve("disgust/00001.png")));
        FaceStore back = ImageFolders.readImageFolder(root, Usage.TRAINING, RoundTripTest::readPng);
        assertEquals(4, back.size());
        // classes come back in label order: angry(row 2), disgust(row 1), happy(row 0), neutral(row 3)
        assertEquals(store.image(2), back.image(0));
        assertEquals(store.image(1), back.image(1));
        assertEquals(store.image(0), back.image(2));
        assertEquals(Emotion.NEUTRAL, back.label(3));
    }

    @Test
    void mappingTableIsInRowOrder() throws IOException {
        FaceStore store = FaceStore.read(sample());
        Path out = dir.resolve("mapped");
        ImageFolders.writeImagesWithMapping(store, out, "png");
        List<String> lines = Files.readAllLines(out.resolve("labels.csv"));
        assertEquals(List.of("image,emotion,label,usage", "images/00000.png,3,happy,Training", "images/00001.png,1,disgust,Training",
                "images/00002.png,0,angry,PublicTest", "images/00003.png,6,neutral,PrivateTest"), lines);
        assertEquals(store.image(2), readPng(out.resolve("images/00002.png")));
    }

    @Test
    void badImageIsNamedAndNothingIsLeftBehind() throws IOException {
        Path root = dir.resolve("bad");
        Files.createDirectories(root.resolve("happy"));
        Files.writeString(root.resolve("happy/00000.png"), "not an image");
        FerDataException e = assertThrows(FerDataException.class, () -> ImageFolders.readImageFolder(root, Usage.TRAINING, RoundTripTest::readPng));
        assertTrue(e.getMessage().endsWith("00000.png: not an image"), e.getMessage());
        Files.createDirectories(root.resolve("contempt"));
        Files.delete(root.resolve("happy/00000.png"));
        assertTrue(assertThrows(FerDataException.class, () -> ImageFolders.readImageFolder(root, Usage.TRAINING, RoundTripTest::readPng)).getMessage()
                .contains("unknown class folder 'contempt'"));
        // an output that already exists is refused, not merged into
        Path existing = Files.createDirectories(dir.resolve("exists"));
        FaceStore store = FaceStore.read(sample());
        assertThrows(IllegalArgumentException.class, () -> ImageFolders.writeImageFolder(store, existing, "png"));
        assertFalse(Files.exists(existing.resolve("happy")));
    }

    /** A test-only decoder for the 8-bit gray PNGs these tests write: fer-data has none (fer-vision's ImageDecoder is the real one). */
    static FaceImage readPng(Path f) {
        try {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) {
                throw new FerDataException(f.toString(), 0, "not an image");
            }
            return FaceImage.ofInts(img.getRaster().getPixels(0, 0, FaceImage.SIZE, FaceImage.SIZE, (int[]) null));
        } catch (IOException e) {
            throw new FerDataException(f.toString(), 0, e.getMessage(), e);
        }
    }

    @Test
    void aFolderWithoutClassFoldersOrImagesIsAnError() throws IOException {
        Path root = Files.createDirectories(dir.resolve("flat"));
        Files.writeString(root.resolve("00000.png"), "a face outside any class folder");
        FerDataException e = assertThrows(FerDataException.class, () -> ImageFolders.readImageFolder(root, Usage.TRAINING, RoundTripTest::readPng));
        assertTrue(e.getMessage().startsWith(root + ": no class folders"), e.getMessage());
        Files.createDirectories(root.resolve("happy"));
        e = assertThrows(FerDataException.class, () -> ImageFolders.readImageFolder(root, Usage.TRAINING, RoundTripTest::readPng));
        assertTrue(e.getMessage().startsWith(root + ": the class folders hold no .png/.jpg images"), e.getMessage());
    }
}
