package org.fer4j.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.fer4j.core.FaceImage;

/** Decodes and encodes 48x48 gray faces as PNG or JPEG files with {@code javax.imageio}. */
public final class ImageCodec {
    private ImageCodec() {
    }

    /**
     * @param file a 48x48 PNG or JPEG (color is converted to gray)
     * @return the face
     * @throws FerDataException when the file is missing, not an image, or not 48x48
     */
    public static FaceImage read(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new FerDataException(file.toString(), 0, "cannot decode image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new FerDataException(file.toString(), 0, "not a PNG/JPEG image (no decoder accepted it)");
        }
        if (img.getWidth() != FaceImage.SIZE || img.getHeight() != FaceImage.SIZE) {
            throw new FerDataException(file.toString(), 0, "expected a 48x48 face, found " + img.getWidth() + "x" + img.getHeight());
        }
        BufferedImage gray = img;
        if (img.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            gray = new BufferedImage(FaceImage.SIZE, FaceImage.SIZE, BufferedImage.TYPE_BYTE_GRAY);
            gray.getGraphics().drawImage(img, 0, 0, null);
        }
        int[] px = gray.getRaster().getPixels(0, 0, FaceImage.SIZE, FaceImage.SIZE, (int[]) null);
        return FaceImage.ofInts(px);
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
