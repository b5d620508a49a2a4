package org.fer4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.fer4j.data.DatasetStats;
import org.fer4j.data.Fer2013Reader;
import org.fer4j.data.Fer2013Writer;
import org.fer4j.data.FaceStore;
import org.fer4j.data.FerDataException;
import org.fer4j.data.ImageFolders;
import org.fer4j.data.SkipPolicy;
import org.fer4j.data.Usage;
import org.fer4j.vision.ImageDecoder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fer data}: dataset statistics and format conversions. */
@Command(name = "data", description = "Inspect and convert FER2013 data.", mixinStandardHelpOptions = true,
        subcommands = {DataCommand.Stats.class, DataCommand.Convert.class})
final class DataCommand {

    /** {@code fer data stats}. */
    @Command(name = "stats", description = "Rows and per-class counts, per split, of a FER2013 CSV (plain or .gz).",
            mixinStandardHelpOptions = true)
    static final class Stats implements Callable<Integer> {
        @Parameters(index = "0", description = "FER2013 CSV file")
        Path csv;

        @Option(names = "--skip-bad-rows", description = "count and skip bad rows instead of stopping at the first")
        boolean skip;

        @Override
        public Integer call() {
            Fer2013Reader reader = Fer2013Reader.builder().optSkipPolicy(skip ? SkipPolicy.SKIP : SkipPolicy.FAIL).build();
            DatasetStats s = DatasetStats.of(csv, reader);
            System.out.println(csv.getFileName() + ": " + s.report());
            System.out.print(s.table());
            System.out.printf(Locale.ROOT, "read in %.2f s%n", s.seconds());
            return 0;
        }
    }

    /** {@code fer data convert}. */
    @Command(name = "convert", mixinStandardHelpOptions = true, description = {
        "Convert between layouts. --to images: one image per row + labels.csv (the tutorial's layout, row order kept);",
        "--to folder: <out>/<emotion>/<row>.png; --to csv: FER2013 CSV (from a CSV or an image folder)."})
    static final class Convert implements Callable<Integer> {
        @Parameters(index = "0", description = "input: FER2013 CSV (.csv/.csv.gz) or an image folder")
        Path input;

        @Option(names = "--to", required = true, description = "images, folder or csv")
        String to;

        @Option(names = "--out", required = true, description = "output folder (images, folder) or file (csv); must not exist")
        Path out;

        @Option(names = "--usage", description = "keep only this split (Training, PublicTest, PrivateTest); for a folder input, the split to record (default Training)")
        String usage;

        @Option(names = "--format", defaultValue = "png", description = "image format: png (lossless, default) or jpg")
        String format;

        @Override
        public Integer call() {
            // everything that can be checked before the input is read is checked first, so a typo costs no conversion
            String kind = to.toLowerCase(Locale.ROOT);
            if (!List.of("images", "folder", "csv").contains(kind)) {
                throw new IllegalArgumentException("--to must be images, folder or csv, got " + to);
            }
            if (!kind.equals("csv") && !List.of("png", "jpg").contains(format.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("--format must be png or jpg, got " + format);
            }
            if (Files.exists(out)) {
                throw new IllegalArgumentException(out + " already exists; choose a new output");
            }
            OutputPaths.checkCreatable("--out", out);
            Usage u = usage == null ? null : Usage.parse(usage);
            FaceStore store;
            if (Files.isDirectory(input)) {
                store = ImageFolders.readImageFolder(input, u == null ? Usage.TRAINING : u, ImageDecoder::readFace);
            } else {
                Fer2013Reader.Builder b = Fer2013Reader.builder();
                if (u != null) {
                    b.optUsages(u);
                }
                store = FaceStore.read(b.build(), input);
            }
            if (store.size() == 0) {
                throw new FerDataException(input.toString(), 0, u == null ? "no faces to convert"
                        : "no " + u.csvName() + " rows to convert (--usage selected none)");
            }
            switch (kind) {
                case "images" -> ImageFolders.writeImagesWithMapping(store, out, format);
                case "folder" -> ImageFolders.writeImageFolder(store, out, format);
                default -> Fer2013Writer.write(out, store);
            }
            System.out.println("wrote " + store.size() + " faces to " + out);
            return 0;
        }
    }

}
