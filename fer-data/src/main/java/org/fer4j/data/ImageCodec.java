package org.fer4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.fer4j.core.FaceImage;

/**
 * Encodes 48x48 gray faces as PNG or JPEG files with {@code javax.imageio}. Decoding is fer-vision's
 * {@code ImageDecoder}, the one decoder every fer4j path uses.
 */
public final class ImageCodec {
    private ImageCodec() {
    }

    /**
     * @param face the face
     * @param file target; {@code .png} is lossless, {@code .jpg}/{@code .jpeg} is lossy
     * @throws IOException when writing fails
     */
    public static void write(FaceImage face, Path file) throws IOException {
        BufferedImage img = toImage(face);
        String fmt = formatOf(file);
        if (!ImageIO.write(img, fmt, file.toFile())) {
            throw new IOException("no ImageIO writer for " + fmt);
        }
    }

    /** @param face the face @return it as a TYPE_BYTE_GRAY image */
    public static BufferedImage toImage(FaceImage face) {
        BufferedImage img = new BufferedImage(FaceImage.SIZE, FaceImage.SIZE, BufferedImage.TYPE_BYTE_GRAY);
        byte[] px = face.toBytes();
        int[] v = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            v[i] = px[i] & 0xFF;
        }
        img.getRaster().setPixels(0, 0, FaceImage.SIZE, FaceImage.SIZE, v);
        return img;
    }

    static String formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".png")) {
            return "png";
        }
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "jpg";
        }
        throw new IllegalArgumentException("unsupported image extension: " + file.getFileName() + " (use .png or .jpg)");
    }

    static boolean isImage(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }
}
