package org.fer4j.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fer4j.core.Dataset;
import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.data.FerDataException;
import org.fer4j.data.FerPlusVotes;

/**
 * Per-face target distributions mixed into the FER2013 labels during training, whatever their source: FER+ vote
 * distributions or the probabilities of teacher models (knowledge distillation). The share they take of each target
 * is {@link TrainConfig#softLabelWeight()}; a face whose distribution is all zeros keeps its FER2013 label alone.
 * Give them to {@link FerTrainer#optSoftTargets(SoftTargets)}.
 */
public final class SoftTargets {
    /** The usual share of the target taken from the soft targets. */
    public static final float DEFAULT_WEIGHT = 0.5f;
    /** The usual temperature that softens teacher probabilities. */
    public static final float DEFAULT_TEACHER_TEMPERATURE = 2f;
    /** The usual views per face a teacher averages. */
    public static final Tta DEFAULT_TEACHER_VIEWS = Tta.FLIP;

    private final float[][] perFace;
    private final Map<String, Object> description;

    private SoftTargets(float[][] perFace, Map<String, Object> description) {
        for (int i = 0; i < perFace.length; i++) {
            if (perFace[i] == null || perFace[i].length != Emotion.COUNT) {
                throw new IllegalArgumentException("soft target of face " + i + " must have " + Emotion.COUNT + " classes");
            }
        }
        this.perFace = perFace;
        this.description = Map.copyOf(description);
    }

    /**
     * @param perFace for each training face (in dataset order) a seven-class distribution, all zeros where there is none
     * @param description where they come from, recorded in the model card's data section
     * @return the soft targets
     */
    public static SoftTargets of(float[][] perFace, Map<String, Object> description) {
        return new SoftTargets(perFace, description);
    }

    /**
     * FER+ vote distributions, aligned with FER2013's Training rows by position.
     *
     * @param trainingVotes FER+ rows of usage Training, in file order
     * @param trainingRows how many Training rows the FER2013 file has (both files must be complete to align)
     * @param faces how many of them are trained on (a prefix of the Training rows)
     * @param source the FER+ file name, for messages and the model card
     * @return the soft targets
     * @throws FerDataException naming {@code source} when the files do not line up
     */
    public static SoftTargets ferPlus(List<FerPlusVotes> trainingVotes, int trainingRows, int faces, String source) {
        if (trainingVotes.size() != trainingRows) {
            throw new FerDataException(source, 0, trainingVotes.size() + " Training rows, but the FER2013 data has " + trainingRows
                    + "; FER+ aligns with FER2013 by row position, so both must be complete");
        }
        float[][] d = new float[faces][];
        for (int i = 0; i < faces; i++) {
            d[i] = trainingVotes.get(i).distribution();
        }
        return new SoftTargets(d, Map.of("ferplus_file", source));
    }

    /**
     * Runs the teachers over the training faces ({@link TeacherTargets#of}).
     *
     * @param teachers trained classifiers, at least one
     * @param faces the training faces, in training order
     * @param views views of each face averaged per teacher
     * @param temperature softening of the averaged probabilities (1 = none)
     * @param teacherIds each teacher's identity ({@link org.fer4j.models.ModelCard#identity()}), for the model card
     * @return the soft targets
     */
    public static SoftTargets teachers(List<? extends ExpressionClassifier> teachers, Dataset faces, Tta views, float temperature,
            List<String> teacherIds) {
        return teachers(TeacherTargets.of(teachers, faces, 256, views, temperature), views, temperature, teacherIds);
    }

    /**
     * Teacher probabilities computed before (and kept with {@link TeacherTargets#write}).
     *
     * @param probabilities per face the teachers' distribution
     * @param views views each teacher averaged
     * @param temperature softening used
     * @param teacherIds each teacher's identity, for the model card
     * @return the soft targets
     */
    public static SoftTargets teachers(float[][] probabilities, Tta views, float temperature, List<String> teacherIds) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("teachers", List.copyOf(teacherIds));
        d.put("teacher_temperature", temperature);
        d.put("teacher_tta", views.label());
        return new SoftTargets(probabilities, d);
    }

    /** @return per training face its distribution (all zeros where there is none); shared, do not modify */
    public float[][] perFace() {
        return perFace;
    }

    /** @return where the targets come from, as recorded in the model card */
    public Map<String, Object> description() {
        return description;
    }

    /** @return how many faces they cover */
    public int size() {
        return perFace.length;
    }

    /** @return how many faces have no distribution and keep their FER2013 label alone */
    public int withoutDistribution() {
        int n = 0;
        for (float[] p : perFace) {
            float s = 0;
            for (float v : p) {
                s += v;
            }
            n += s == 0 ? 1 : 0;
        }
        return n;
    }
}
