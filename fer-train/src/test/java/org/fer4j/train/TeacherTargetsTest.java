package org.fer4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fer4j.core.Dataset;
import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.core.ProbabilityMean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Distillation targets: averaging over teachers and views, temperature, agreement with labels, the saved file. */
class TeacherTargetsTest {

    /** Puts all probability on the class given by the face's top-left pixel: a known, view-dependent answer. */
    private static final class PixelTeacher implements ExpressionClassifier {
        private final int offset;

        PixelTeacher(int offset) {
            this.offset = offset;
        }

        @Override
        public List<ExpressionPrediction> classifyAll(List<FaceImage> faces) {
            return faces.stream().map(f -> {
                float[] p = new float[Emotion.COUNT];
                p[(f.get(0, 0) + offset) % Emotion.COUNT] = 1;
                return new ExpressionPrediction(p);
            }).toList();
        }

        @Override
        public void close() {
        }
    }

    /** A face whose left column is {@code left} and the rest {@code right}: its mirror swaps the two. */
    private static FaceImage face(int left, int right) {
        int[] v = new int[FaceImage.PIXELS];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % FaceImage.SIZE == 0 ? left : right;
        }
        return FaceImage.ofInts(v);
    }

    private static final List<FaceImage> IMAGES = List.of(face(2, 5), face(3, 3), face(6, 0));
    private static final Dataset FACES = labelled(2, 4, 0);

    /** @return IMAGES with these labels */
    private static Dataset labelled(int... labels) {
        return new Dataset() {
            @Override
            public int size() {
                return IMAGES.size();
            }

            @Override
            public FaceImage image(int index) {
                return IMAGES.get(index);
            }

            @Override
            public Emotion label(int index) {
                return Emotion.fromIndex(labels[index]);
            }
        };
    }

    @Test
    void averagesTeachersAndViews() {
        float[][] t = TeacherTargets.of(List.of(new PixelTeacher(0), new PixelTeacher(1)), FACES, 2, Tta.FLIP, 1f);
        // face 0: views give pixel 2 (as is) and 5 (mirrored); teachers add 0 and 1: classes 2, 5, 3, 6, a quarter each
        assertArrayEquals(new float[] {0, 0, 0.25f, 0.25f, 0, 0.25f, 0.25f}, t[0], 1e-6f);
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 0.5f, 0, 0}, t[1], 1e-6f);
        assertArrayEquals(new float[] {0.5f, 0.25f, 0, 0, 0, 0, 0.25f}, t[2], 1e-6f);
        // top class (first of ties) vs label: face 0 -> 2 (label 2), face 1 -> 3 (label 4), face 2 -> 0 (label 0)
        assertEquals(2.0 / 3, TeacherTargets.agreement(t, FACES), 1e-9);
    }

    @Test
    void progressCountsFacesOverAllTeachers() {
        assertEquals("3,000 of 9,000 faces (33%), 3000 faces/s, about 2 s left", TeacherTargets.progress(3000, 9000, 3000, 1.0));
        // the second teacher is slower: its 3 faces in 1 s (not 3,003 in its and the first's seconds) set the pace,
        // so the 5,997 faces left take 1,999 s, rounded to 33 min
        assertEquals("3,003 of 9,000 faces (33%), 3 faces/s, about 33 min left", TeacherTargets.progress(3003, 9000, 3, 1.0));
        List<Integer> seen = new ArrayList<>();
        ClassifierEvaluator.addViews(new PixelTeacher(0), FACES, 2, Tta.FLIP, new ProbabilityMean(FACES.size()), seen::add);
        assertEquals(List.of(2, 3), seen, "faces done after each batch of 2");
    }

    @Test
    void temperatureFlattensAndKeepsOrder() {
        float[] p = {0.7f, 0.2f, 0.1f, 0, 0, 0, 0};
        float[] q = p.clone();
        TeacherTargets.soften(q, 2f);
        assertEquals(1.0, sum(q), 1e-6);
        // p^(1/2) renormalised
        double z = Math.sqrt(0.7) + Math.sqrt(0.2) + Math.sqrt(0.1) + 4 * Math.sqrt(1e-12);
        assertEquals(Math.sqrt(0.7) / z, q[0], 1e-5);
        assertTrue(q[0] < p[0] && q[1] > p[1] && q[0] > q[1] && q[1] > q[2]);
    }

    @Test
    void savedTargetsComeBackOnlyForTheSameTeachersAndFaces(@TempDir Path dir) throws Exception {
        float[][] t = TeacherTargets.of(List.of(new PixelTeacher(0), new PixelTeacher(1)), FACES, 2, Tta.FLIP, 1f);
        Path file = dir.resolve("targets.bin");
        assertTrue(TeacherTargets.read(file, "a", FACES).isEmpty(), "no file yet");
        TeacherTargets.write(file, "a", FACES, t);
        float[][] back = TeacherTargets.read(file, "a", FACES).orElseThrow();
        for (int i = 0; i < t.length; i++) {
            assertArrayEquals(t[i], back[i], 0f);
        }
        assertTrue(TeacherTargets.read(file, "b", FACES).isEmpty(), "other teachers");
        Dataset relabelled = labelled(2, Emotion.HAPPY.index(), 0);
        assertTrue(TeacherTargets.read(file, "a", relabelled).isEmpty(), "other faces (one label differs)");

        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 3));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> TeacherTargets.read(file, "a", FACES));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("ends early"), e.getMessage());
    }

    @Test
    void refusesNoTeacherAndBadTemperature() {
        assertThrows(IllegalArgumentException.class, () -> TeacherTargets.of(List.of(), FACES, 2, Tta.NONE, 1f));
        assertThrows(IllegalArgumentException.class, () -> TeacherTargets.of(List.of(new PixelTeacher(0)), FACES, 2, Tta.NONE, 0f));
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s;
    }
}
