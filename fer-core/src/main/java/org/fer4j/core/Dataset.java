package org.fer4j.core;

import java.util.Arrays;
import java.util.Random;

/**
 * A random-access collection of labelled 48x48 faces.
 *
 * <p>Views made by {@link #slice(int, int)} and {@link #select(int[])} share the underlying storage.
 */
public interface Dataset {

    /** @return the number of faces */
    int size();

    /** @param index 0..size()-1 @return the face at that position */
    FaceImage image(int index);

    /** @param index 0..size()-1 @return the label at that position */
    Emotion label(int index);

    /** @param index 0..size()-1 @return image and label together */
    default LabelledFace get(int index) {
        return new LabelledFace(image(index), label(index));
    }

    /** @return the number of faces of each class, in {@link Emotion} order */
    default int[] classCounts() {
        int[] counts = new int[Emotion.COUNT];
        for (int i = 0; i < size(); i++) {
            counts[label(i).index()]++;
        }
        return counts;
    }

    /**
     * @param from first index, inclusive
     * @param to last index, exclusive
     * @return a view of the rows in [from, to)
     */
    default Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of a dataset of " + size());
        }
        int[] idx = new int[to - from];
        Arrays.setAll(idx, i -> from + i);
        return select(idx);
    }

    /**
     * @param indices positions in this dataset, in the order wanted
     * @return a view of those rows
     */
    default Dataset select(int[] indices) {
        Dataset parent = this;
        int[] idx = indices.clone();
        for (int i : idx) {
            if (i < 0 || i >= parent.size()) {
                throw new IndexOutOfBoundsException("index " + i + " in a dataset of " + parent.size());
            }
        }
        return new Dataset() {
            @Override
            public int size() {
                return idx.length;
            }

            @Override
            public FaceImage image(int index) {
                return parent.image(idx[index]);
            }

            @Override
            public Emotion label(int index) {
                return parent.label(idx[index]);
            }
        };
    }

    /**
     * A reproducible random split.
     *
     * @param firstFraction share of rows in the first part, 0..1
     * @param seed shuffle seed
     * @return two disjoint views covering every row
     */
    default Dataset[] randomSplit(double firstFraction, long seed) {
        if (firstFraction < 0 || firstFraction > 1) {
            throw new IllegalArgumentException("fraction must be in [0,1], got " + firstFraction);
        }
        int[] perm = new int[size()];
        Arrays.setAll(perm, i -> i);
        Random r = new Random(seed);
        for (int i = perm.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int n = (int) Math.round(firstFraction * perm.length);
        return new Dataset[] {select(Arrays.copyOfRange(perm, 0, n)), select(Arrays.copyOfRange(perm, n, perm.length))};
    }
}
