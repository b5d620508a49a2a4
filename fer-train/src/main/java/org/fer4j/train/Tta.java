package org.fer4j.train;

import java.util.Locale;

import org.fer4j.core.FaceImage;

/**
 * Test-time augmentation: the views of each face that are classified and whose probabilities are averaged. Every view
 * is one more forward pass per face.
 */
public enum Tta {
    /** The face as it is. */
    NONE(new int[][] {{0, 0, 0}}),
    /** The face and its mirror image (2 passes). */
    FLIP(new int[][] {{0, 0, 0}, {1, 0, 0}}),
    /** Face and mirror, each as is and moved 2 pixels left, right, up and down (10 passes), like ten-crop evaluation. */
    FLIP_SHIFT(new int[][] {{0, 0, 0}, {0, 2, 0}, {0, -2, 0}, {0, 0, 2}, {0, 0, -2},
        {1, 0, 0}, {1, 2, 0}, {1, -2, 0}, {1, 0, 2}, {1, 0, -2}});

    private final int[][] views;

    Tta(int[][] views) {
        this.views = views;
    }

    /** @return forward passes per face */
    public int passes() {
        return views.length;
    }

    /**
     * @param face a face
     * @param view 0 .. passes() - 1
     * @return that view of the face
     */
    public FaceImage view(FaceImage face, int view) {
        int[] v = views[view];
        FaceImage f = v[0] == 1 ? face.mirrored() : face;
        return v[1] == 0 && v[2] == 0 ? f : f.shifted(v[1], v[2]);
    }

    /** @return the name used on the command line and in reports: none, flip or flip-shift */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param s none, flip or flip-shift
     * @return the mode
     */
    public static Tta parse(String s) {
        for (Tta t : values()) {
            if (t.label().equals(s.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("test-time augmentation must be none, flip or flip-shift, got " + s);
    }
}
