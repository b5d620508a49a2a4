package org.fer4j.data;

import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

import org.fer4j.core.Dataset;
import org.fer4j.core.Emotion;
import org.fer4j.core.FaceImage;

/**
 * All faces of one or more FER2013 files in three flat arrays (2,304 pixel bytes + 1 label byte + 1 split byte
 * per face; 35,887 faces take 83 MB), in file order. Immutable once built, hence thread-safe.
 *
 * <p>Splits: {@link #usage(Usage)} gives the standard FER2013 splits; {@link #tutorialSplit()} gives the reference
 * tutorial's (the first 24,000 Training rows for training, the remaining 4,709 for validation).
 */
public final class FaceStore implements Dataset {
    /** Training rows the reference tutorial trained on; the rest of Training was its validation set. */
    public static final int TUTORIAL_TRAIN_ROWS = 24_000;

    private final byte[] pixels;
    private final byte[] labels;
    private final byte[] usages;
    private final int size;

    private FaceStore(byte[] pixels, byte[] labels, byte[] usages, int size) {
        this.pixels = pixels;
        this.labels = labels;
        this.usages = usages;
        this.size = size;
    }

    /**
     * Reads whole files strictly (first bad row fails), in the order given.
     *
     * @param files FER2013 CSVs, plain or gzipped
     * @return every row of every file
     */
    public static FaceStore read(Path... files) {
        return read(Fer2013Reader.strict(), files);
    }

    /**
     * Reads one split strictly: the common case of training on Training rows and validating on PublicTest rows.
     *
     * @param usage the split to keep
     * @param files FER2013 CSVs, plain or gzipped
     * @return that split's rows, in file order
     */
    public static FaceStore read(Usage usage, Path... files) {
        return read(Fer2013Reader.builder().optUsages(usage).build(), files);
    }

    /**
     * @param reader the reader (split filter, skip policy)
     * @param files FER2013 CSVs, plain or gzipped
     * @return the rows the reader accepted
     * @throws FerDataException naming the files and the selection when no row is accepted: training or evaluating on
     *     nothing is an error, never a result
     */
    public static FaceStore read(Fer2013Reader reader, Path... files) {
        Builder b = new Builder(32 * 1024);
        for (Path f : files) {
            reader.read(f, r -> b.add(r.image(), r.emotion(), r.usage()));
        }
        if (b.size == 0) {
            String names = Arrays.stream(files).map(Path::toString).collect(java.util.stream.Collectors.joining(", "));
            String selection = reader.usages().size() == Usage.values().length ? "any usage"
                    : "usage " + reader.usages().stream().map(Usage::csvName).collect(java.util.stream.Collectors.joining(" or "));
            throw new FerDataException(names.isEmpty() ? "(no files)" : names, 0, "no rows of " + selection);
        }
        return b.build();
    }

    /** @return a builder for stores filled from other sources */
    public static Builder builder() {
        return new Builder(1024);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public FaceImage image(int index) {
        check(index);
        return FaceImage.wrap(Arrays.copyOfRange(pixels, index * FaceImage.PIXELS, (index + 1) * FaceImage.PIXELS));
    }

    @Override
    public Emotion label(int index) {
        check(index);
        return Emotion.fromIndex(labels[index]);
    }

    /** @param index a row @return its split */
    public Usage usage(int index) {
        check(index);
        return Usage.values()[usages[index]];
    }

    /**
     * Copies one face's raw pixels without creating objects (for tight training loops).
     *
     * @param index a row
     * @param dst destination
     * @param offset first index written
     */
    public void copyPixels(int index, byte[] dst, int offset) {
        check(index);
        System.arraycopy(pixels, index * FaceImage.PIXELS, dst, offset, FaceImage.PIXELS);
    }

    /** @param usage a split @return a view of the rows of that split, in file order */
    public Dataset usage(Usage usage) {
        return select(indicesOf(usage));
    }

    /** @param usage a split @return positions of its rows, in file order */
    public int[] indicesOf(Usage usage) {
        int[] idx = new int[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (usages[i] == usage.ordinal()) {
                idx[n++] = i;
            }
        }
        return Arrays.copyOf(idx, n);
    }

    /**
     * The reference tutorial's split of the Training rows.
     *
     * @return {train: first 24,000 Training rows, validation: the remaining Training rows}
     * @throws IllegalStateException when the store holds no more than 24,000 Training rows
     */
    public Dataset[] tutorialSplit() {
        int[] train = indicesOf(Usage.TRAINING);
        if (train.length <= TUTORIAL_TRAIN_ROWS) {
            throw new IllegalStateException("the tutorial split needs more than 24,000 Training rows, this store has " + train.length);
        }
        return new Dataset[] {select(Arrays.copyOfRange(train, 0, TUTORIAL_TRAIN_ROWS)),
            select(Arrays.copyOfRange(train, TUTORIAL_TRAIN_ROWS, train.length))};
    }

    /** @return the rows as {@link Fer2013Row}s (line = row number + 2, as in a file with a header) */
    public List<Fer2013Row> rows() {
        return new AbstractList<>() {
            @Override
            public Fer2013Row get(int i) {
                return new Fer2013Row(i + 2L, label(i), image(i), usage(i));
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private void check(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("row " + index + " of a store of " + size);
        }
    }

    /** Appends faces; {@link #build()} freezes them into a store. */
    public static final class Builder {
        private byte[] pixels;
        private byte[] labels;
        private byte[] usages;
        private int size;

        private Builder(int capacity) {
            pixels = new byte[capacity * FaceImage.PIXELS];
            labels = new byte[capacity];
            usages = new byte[capacity];
        }

        /**
         * @param image the face
         * @param emotion its label
         * @param usage its split
         * @return this
         */
        public Builder add(FaceImage image, Emotion emotion, Usage usage) {
            if (size == labels.length) {
                int cap = labels.length * 2;
                pixels = Arrays.copyOf(pixels, cap * FaceImage.PIXELS);
                labels = Arrays.copyOf(labels, cap);
                usages = Arrays.copyOf(usages, cap);
            }
            image.copyTo(pixels, size * FaceImage.PIXELS);
            labels[size] = (byte) emotion.index();
            usages[size] = (byte) usage.ordinal();
            size++;
            return this;
        }

        /** @return the store; the builder must not be used afterwards */
        public FaceStore build() {
            return new FaceStore(Arrays.copyOf(pixels, size * FaceImage.PIXELS), Arrays.copyOf(labels, size),
                    Arrays.copyOf(usages, size), size);
        }
    }
}
