package org.fer4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.DataBuffer;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.fer4j.core.FaceImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The one decoder: the same pixels for every command, transparency composited onto white, EXIF orientation, CMYK and
 * 16-bit handled, and truncated, huge or odd-path files answered with an exception naming the file.
 */
class ImageDecoderTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void natives() {
        OpenCvRuntime.load();
    }

    // ---- files built byte by byte, so each test controls exactly what the container says ----

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    /** A PNG of the given color type and depth; {@code samples} are the rows without filter bytes. */
    static byte[] png(int width, int height, int colorType, int bitDepth, byte[] samples) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {(byte) bitDepth, (byte) colorType, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        int rowBytes = samples.length / Math.max(1, height);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
            for (int y = 0; y < height && samples.length > 0; y++) {
                z.write(0);
                z.write(samples, y * rowBytes, rowBytes);
            }
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] pixels(Mat bgr) {
        byte[] b = new byte[(int) (bgr.total() * bgr.channels())];
        bgr.get(0, 0, b);
        return b;
    }

    private static byte[] jpeg(Mat m) {
        MatOfByte buf = new MatOfByte();
        Imgcodecs.imencode(".jpg", m, buf);
        byte[] b = buf.toArray();
        buf.release();
        return b;
    }

    private static byte[] face(int seed) {
        byte[] px = new byte[FaceImage.PIXELS];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ((seed + i * 7) % 256);
        }
        return px;
    }

    @Test
    void grayPlusAlphaGivesTheGrayImageAndTransparencyIsWhite() throws IOException {
        byte[] gray = face(3);
        byte[] la = new byte[gray.length * 2];
        for (int i = 0; i < gray.length; i++) {
            la[2 * i] = gray[i];
            la[2 * i + 1] = (byte) 255;
        }
        Path plain = write("gray.png", png(48, 48, 0, 8, gray));
        Path opaque = write("gray-alpha.png", png(48, 48, 4, 8, la));
        assertArrayEquals(gray, ImageDecoder.readFace(plain).toBytes());
        assertArrayEquals(gray, ImageDecoder.readFace(opaque).toBytes(), "opaque gray+alpha is the gray image");
        // fully transparent pixels are the page behind them (white), whatever gray they store; half alpha blends
        la[1] = 0;
        la[3] = (byte) 128;
        byte[] back = ImageDecoder.readFace(write("holes.png", png(48, 48, 4, 8, la))).toBytes();
        assertEquals(255, back[0] & 0xFF);
        int g = gray[1] & 0xFF;
        assertEquals(Math.round((g * 128 + 255 * 127) / 255.0), back[1] & 0xFF);
        assertEquals(gray[2], back[2]);
    }

    @Test
    void rgbaIsCompositedOntoWhite() throws IOException {
        byte[] rgba = new byte[4 * 4 * 4];
        for (int i = 0; i < 16; i++) {
            rgba[4 * i] = (byte) 200; // R
            rgba[4 * i + 1] = 10; // G
            rgba[4 * i + 2] = 50; // B
            rgba[4 * i + 3] = (byte) (i == 0 ? 0 : i == 1 ? 255 : 51);
        }
        Mat m = ImageDecoder.readBgr(write("rgba.png", png(4, 4, 6, 8, rgba)));
        byte[] b = pixels(m);
        m.release();
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, (byte) 255}, Arrays.copyOfRange(b, 0, 3), "transparent: white");
        assertArrayEquals(new byte[] {50, 10, (byte) 200}, Arrays.copyOfRange(b, 3, 6), "opaque: its color, as BGR");
        // alpha 0.2: 0.2 * color + 0.8 * white
        assertArrayEquals(new byte[] {(byte) 214, (byte) 206, (byte) 244}, Arrays.copyOfRange(b, 6, 9));
    }

    @Test
    void sixteenBitSamplesAreScaledToEightBits() throws IOException {
        byte[] s = new byte[48 * 48 * 2];
        for (int i = 0; i < 48 * 48; i++) {
            int v = i * 28; // 0..64,484
            s[2 * i] = (byte) (v >> 8);
            s[2 * i + 1] = (byte) v;
        }
        byte[] face = ImageDecoder.readFace(write("deep.png", png(48, 48, 0, 16, s))).toBytes();
        for (int i = 0; i < face.length; i++) {
            assertEquals((i * 28) / 257.0, face[i] & 0xFF, 1.0, "pixel " + i);
        }
    }

    @Test
    void exifOrientationIsHonoured() throws IOException {
        // 64 wide, 32 high: left half black, right half white; orientation 6 means "rotate 90 degrees clockwise to view"
        Mat m = new Mat(32, 64, CvType.CV_8UC3, new Scalar(0, 0, 0));
        m.colRange(32, 64).setTo(new Scalar(255, 255, 255));
        byte[] j = jpeg(m);
        m.release();
        byte[] exif = {(byte) 0xFF, (byte) 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0,
            1, 0, 6, 0, 0, 0, 0, 0, 0};
        byte[] rotated = new byte[j.length + exif.length];
        System.arraycopy(j, 0, rotated, 0, 2);
        System.arraycopy(exif, 0, rotated, 2, exif.length);
        System.arraycopy(j, 2, rotated, 2 + exif.length, j.length - 2);
        Mat r = ImageDecoder.readBgr(write("rotated.jpg", rotated));
        try {
            assertEquals(32, r.cols());
            assertEquals(64, r.rows());
            // after the clockwise turn the left (black) half is on top
            assertTrue(r.get(5, 16)[0] < 30 && r.get(58, 16)[0] > 225, "black on top, white below");
        } finally {
            r.release();
        }
    }

    @Test
    void cmykJpegDecodesToItsColors() throws IOException {
        // Adobe CMYK as Photoshop writes it: samples inverted (255 = no ink). No ink at all is white, full K is black.
        WritableRaster raster = Raster.createWritableRaster(new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, 48, 48, 4, 48 * 4,
                new int[] {0, 1, 2, 3}), null);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                raster.setPixel(x, y, new int[] {255, 255, 255, x < 24 ? 255 : 55});
            }
        }
        Path f = dir.resolve("cmyk.jpg");
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
            w.setOutput(out);
            w.write(null, new IIOImage(raster, null, null), null);
        } finally {
            w.dispose();
        }
        FaceImage face = ImageDecoder.readFace(f);
        assertEquals(255, face.get(5, 20), 4, "no ink: white");
        assertEquals(55, face.get(40, 20), 4, "80% black");
    }

    @Test
    void truncatedJpegAndPngAreRefusedNamingTheFile() throws IOException {
        Mat m = new Mat(120, 160, CvType.CV_8UC3, new Scalar(90, 120, 150));
        byte[] j = jpeg(m);
        m.release();
        Path cut = write("cut.jpg", Arrays.copyOf(j, j.length * 2 / 3));
        VisionException e = assertThrows(VisionException.class, () -> ImageDecoder.readBgr(cut));
        assertTrue(e.getMessage().startsWith(cut + ": truncated JPEG"), e.getMessage());
        byte[] p = png(48, 48, 0, 8, face(1));
        Path cutPng = write("cut.png", Arrays.copyOf(p, p.length - 20));
        e = assertThrows(VisionException.class, () -> ImageDecoder.readFace(cutPng));
        assertTrue(e.getMessage().startsWith(cutPng + ": truncated PNG"), e.getMessage());
        // the analyze path decodes with the same class
        try (FrameSource src = FrameSources.open(cut.toString())) {
            e = assertThrows(VisionException.class, src::next);
            assertTrue(e.getMessage().contains("truncated JPEG"), e.getMessage());
        }
    }

    @Test
    void aHugeImageIsRefusedFromItsHeader() throws IOException {
        Path big = write("huge.png", png(60000, 60000, 0, 8, new byte[0]));
        VisionException e = assertThrows(VisionException.class, () -> ImageDecoder.readBgr(big));
        assertTrue(e.getMessage().startsWith(big + ": image of 60000 x 60000 pixels is larger than the 100,000,000-pixel limit"),
                e.getMessage());
    }

    @Test
    void anyPathTheJvmCanOpenIsRead() throws IOException {
        byte[] gray = face(9);
        Path odd = Files.createDirectories(dir.resolve("fotos \u00e9t\u00e9 \u4e2d\u6587")).resolve("\ud83d\ude00 face.png");
        Files.write(odd, png(48, 48, 0, 8, gray));
        assertArrayEquals(gray, ImageDecoder.readFace(odd).toBytes());
        try (FrameSource src = FrameSources.open(odd.toString())) {
            assertEquals(48, src.next().image().cols());
        }
    }

    @Test
    void missingEmptyAndNonImageFilesAreNamed() throws IOException {
        Path none = dir.resolve("none.png");
        assertTrue(assertThrows(VisionException.class, () -> ImageDecoder.readBgr(none)).getMessage().equals(none + ": file not found"));
        Path empty = write("empty.png", new byte[0]);
        assertTrue(assertThrows(VisionException.class, () -> ImageDecoder.readBgr(empty)).getMessage().contains("empty file"));
        Path text = write("text.png", "not an image at all".getBytes(StandardCharsets.US_ASCII));
        assertTrue(assertThrows(VisionException.class, () -> ImageDecoder.readBgr(text)).getMessage().startsWith(text + ": not a decodable"));
        Path wrongSize = write("wide.png", png(64, 48, 0, 8, new byte[64 * 48]));
        assertTrue(assertThrows(VisionException.class, () -> ImageDecoder.readFace(wrongSize)).getMessage()
                .endsWith("expected a 48x48 face, found 64x48"));
    }

    @Test
    void everySharedPhotoDecodesAsOpenCvReadsItFromItsPath() throws IOException {
        // the checks around imdecode must accept real photos and change none of their pixels: detection results
        // measured with imread (README) stay valid for analyze
        Path dir = org.fer4j.testing.SharedData.require("photos");
        List<Path> photos;
        try (Stream<Path> s = Files.list(dir)) {
            photos = s.filter(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".png")).sorted().toList();
        }
        assertTrue(photos.size() >= 5, photos.toString());
        for (Path p : photos) {
            Mat expected = Imgcodecs.imread(p.toString(), Imgcodecs.IMREAD_COLOR);
            Mat got = ImageDecoder.readBgr(p);
            try {
                assertEquals(expected.size(), got.size(), p.toString());
                assertArrayEquals(pixels(expected), pixels(got), p.toString());
            } finally {
                expected.release();
                got.release();
            }
        }
    }
}
