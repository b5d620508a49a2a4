package org.fer4j.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

import org.fer4j.core.Emotion;
import org.fer4j.core.FaceImage;
import org.fer4j.core.io.AtomicOutput;

/**
 * Conversions between FER2013 rows and image files.
 *
 * <ul>
 *   <li>Image folder ({@code root/<emotion>/<row>.png}, torchvision ImageFolder style): {@link #writeImageFolder} and
 *       {@link #readImageFolder}. Files are named by zero-padded row number so that name order is row order.</li>
 *   <li>The tutorial's layout, one image per row plus a mapping table ({@code images/<row>.png} and
 *       {@code labels.csv} with {@code image,emotion,label,usage} in row order): {@link #writeImagesWithMapping}.
 *       The tutorial paired files with labels by directory listing order; here the table is the truth and is written
 *       in row order.</li>
 * </ul>
 * Outputs are built in a temporary folder and moved into place only when complete.
 */
public final class ImageFolders {
    private ImageFolders() {
    }

    /**
     * @param store the faces
     * @param root folder to create (must not exist)
     * @param extension {@code png} (lossless, default) or {@code jpg}
     */
    public static void writeImageFolder(FaceStore store, Path root, String extension) {
        AtomicOutput.writeFolder(root, dir -> {
            for (Emotion e : Emotion.values()) {
                Files.createDirectories(dir.resolve(e.label()));
            }
            for (int i = 0; i < store.size(); i++) {
                ImageCodec.write(store.image(i), dir.resolve(store.label(i).label()).resolve(fileName(i, extension)));
            }
        });
    }

    /**
     * Reads {@code root/<class>/*.png|jpg}. Class folders are named by emotion ({@code happy}) or label ({@code 3});
     * other folders are an error. Within a class, files are taken in name order; classes in label order.
     *
     * <p>Decoding is the caller's: fer-data has no image decoder of its own, so that every fer4j path decodes a file the
     * same way (use {@code org.fer4j.vision.ImageDecoder::readFace} from fer-vision).
     *
     * @param root the folder
     * @param usage split recorded for every face
     * @param decoder reads one 48x48 face file, throwing a {@link org.fer4j.core.FerException} naming it when it cannot
     * @return the faces
     * @throws FerDataException naming the file on any unreadable or wrongly sized image, or an unknown class folder;
     *     naming the folder when it has no class folders or they hold no images (an empty result is never a success)
     */
    public static FaceStore readImageFolder(Path root, Usage usage, Function<Path, FaceImage> decoder) {
        if (!Files.isDirectory(root)) {
            throw new FerDataException(root.toString(), 0, "not a folder");
        }
        Path[] byClass = new Path[Emotion.COUNT];
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(Files::isDirectory).sorted().toList()) {
                Emotion e = classOf(p);
                if (byClass[e.index()] != null) {
                    throw new FerDataException(p.toString(), 0, "second folder for class " + e + " (also " + byClass[e.index()].getFileName() + ")");
                }
                byClass[e.index()] = p;
            }
        } catch (IOException e) {
            throw new FerDataException(root.toString(), 0, "cannot list: " + e.getMessage(), e);
        }
        if (Arrays.stream(byClass).allMatch(Objects::isNull)) {
            throw new FerDataException(root.toString(), 0, "no class folders in this folder: expected <emotion>/ or <label>/ "
                    + "subfolders (e.g. happy/ or 3/) holding .png/.jpg faces");
        }
        FaceStore.Builder b = FaceStore.builder();
        int faces = 0;
        for (Emotion e : Emotion.values()) {
            if (byClass[e.index()] == null) {
                continue;
            }
            for (Path f : listImages(byClass[e.index()])) {
                b.add(decoder.apply(f), e, usage);
                faces++;
            }
        }
        if (faces == 0) {
            throw new FerDataException(root.toString(), 0, "the class folders hold no .png/.jpg images");
        }
        return b.build();
    }

    /**
     * @param store the faces
     * @param outDir folder to create (must not exist), receives {@code images/} and {@code labels.csv}
     * @param extension {@code png} (lossless, default) or {@code jpg}
     */
    public static void writeImagesWithMapping(FaceStore store, Path outDir, String extension) {
        AtomicOutput.writeFolder(outDir, dir -> {
            Path images = Files.createDirectories(dir.resolve("images"));
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(dir.resolve("labels.csv")),
                    StandardCharsets.UTF_8))) {
                w.write("image,emotion,label,usage\n");
                for (int i = 0; i < store.size(); i++) {
                    String name = fileName(i, extension);
                    ImageCodec.write(store.image(i), images.resolve(name));
                    Emotion e = store.label(i);
                    w.write("images/" + name + "," + e.index() + "," + e.label() + "," + store.usage(i).csvName() + "\n");
                }
            }
        });
    }

    private static String fileName(int row, String extension) {
        String ext = extension == null ? "png" : extension.toLowerCase(java.util.Locale.ROOT);
        if (!ext.equals("png") && !ext.equals("jpg")) {
            throw new IllegalArgumentException("image format must be png or jpg, got " + extension);
        }
        return String.format("%05d.%s", row, ext);
    }

    private static Emotion classOf(Path folder) {
        String n = folder.getFileName().toString();
        try {
            if (n.length() == 1 && Character.isDigit(n.charAt(0))) {
                return Emotion.fromIndex(n.charAt(0) - '0');
            }
            return Emotion.fromName(n);
        } catch (IllegalArgumentException e) {
            throw new FerDataException(folder.toString(), 0, "unknown class folder '" + n + "': use an emotion name or label 0..6");
        }
    }

    private static List<Path> listImages(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(ImageCodec::isImage).sorted().toList());
        } catch (IOException e) {
            throw new FerDataException(dir.toString(), 0, "cannot list: " + e.getMessage(), e);
        }
    }

}
