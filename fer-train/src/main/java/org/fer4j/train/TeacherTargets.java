package org.fer4j.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

import org.fer4j.core.Dataset;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.core.ProbabilityMean;
import org.fer4j.core.io.AtomicOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Soft targets for knowledge distillation: the class probabilities that trained models of our own (the teachers)
 * give each training face, averaged over the teachers and test-time views and softened by a temperature. Pass the
 * result to {@link SoftTargets#teachers} for {@link FerTrainer#optSoftTargets}, with a soft-label weight.
 *
 * <p>The teachers see each face once, unaugmented, before training ("offline" distillation): the student then
 * learns from the same targets under every augmentation of that face. It costs one inference pass per teacher and
 * view over the training set instead of a teacher pass in every training step. A run that pauses and resumes keeps
 * the targets in a file ({@link #write}, {@link #read}) instead of running the teachers again at every start.
 */
public final class TeacherTargets {
    private static final Logger LOG = LoggerFactory.getLogger(TeacherTargets.class);

    /** First bytes of a targets file; a new layout gets a new tag. */
    private static final String FILE_TAG = "fer4j-teacher-targets-1";

    /** A teacher pass over the training set takes minutes per teacher; a progress line this often shows it is alive. */
    private static final long PROGRESS_EVERY_NANOS = 60_000_000_000L;

    private TeacherTargets() {
    }

    /**
     * @param teachers trained classifiers, at least one
     * @param faces the training faces, in training order
     * @param batchSize faces per classifier call
     * @param tta views of each face averaged per teacher
     * @param temperature 1 keeps the averaged probabilities; above 1 flattens them (p^(1/T), renormalised), which
     *     is softmax(logits / T) for a single view and teacher
     * @return per face, a seven-class distribution
     */
    public static float[][] of(List<? extends ExpressionClassifier> teachers, Dataset faces, int batchSize, Tta tta, float temperature) {
        if (teachers.isEmpty()) {
            throw new IllegalArgumentException("distillation needs at least one teacher");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        ProbabilityMean teacherMean = new ProbabilityMean(faces.size());
        long total = (long) teachers.size() * faces.size();
        long[] lastLog = {System.nanoTime()};
        for (int t = 0; t < teachers.size(); t++) {
            long before = (long) t * faces.size();
            long teacherStart = System.nanoTime();
            int teacher = t + 1;
            // every teacher adds the same views, so one mean over all of them is the mean of the teachers' means
            ClassifierEvaluator.addViews(teachers.get(t), faces, batchSize, tta, teacherMean, done -> {
                long now = System.nanoTime();
                if (now - lastLog[0] >= PROGRESS_EVERY_NANOS && done < faces.size()) {
                    lastLog[0] = now;
                    LOG.info("teacher {}/{}: {}", teacher, teachers.size(), progress(before + done, total, done, (now - teacherStart) / 1e9));
                }
            });
            // its own seconds, not the run's so far: teachers differ in cost and this line is how they are compared
            LOG.info("teacher {}/{}: {} faces x {} views in {} s", t + 1, teachers.size(), faces.size(), tta.passes(),
                    String.format("%.0f", (System.nanoTime() - teacherStart) / 1e9));
        }
        float[][] mean = teacherMean.means();
        for (float[] d : mean) {
            soften(d, temperature);
        }
        return mean;
    }

    /**
     * "12,800 of 86,127 faces (15%), 48 faces/s, about 25 min left". Rate and time left come from the current teacher
     * alone: teachers differ in cost (engine, width), so a rate averaged over earlier teachers would mislead.
     */
    static String progress(long done, long total, long teacherDone, double teacherSeconds) {
        double rate = teacherDone / Math.max(1e-9, teacherSeconds);
        long left = Math.round((total - done) / Math.max(1e-9, rate));
        return String.format("%,d of %,d faces (%d%%), %.0f faces/s, about %s left", done, total, 100 * done / Math.max(1, total),
                rate, left < 120 ? left + " s" : ProgressLog.duration(left));
    }

    /**
     * Saves targets for a later start of the same run.
     *
     * @param file the file to create or replace (atomically)
     * @param teachers what made the targets (teachers, views, temperature): {@link #read} returns them only for the same
     * @param faces the faces they belong to, fingerprinted by their pixels and labels
     * @param soft per face a distribution, as from {@link #of}
     */
    public static void write(Path file, String teachers, Dataset faces, float[][] soft) {
        if (soft.length != faces.size()) {
            throw new IllegalArgumentException(soft.length + " targets for " + faces.size() + " faces");
        }
        AtomicOutput.writeFile(file, os -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os));
            out.writeUTF(FILE_TAG);
            out.writeUTF(teachers);
            out.writeLong(fingerprint(faces));
            out.writeInt(soft.length);
            out.writeInt(soft.length == 0 ? 0 : soft[0].length);
            for (float[] d : soft) {
                for (float v : d) {
                    out.writeFloat(v);
                }
            }
            out.flush();
        });
    }

    /**
     * @param file a file from {@link #write}; need not exist
     * @param teachers what must have made the targets
     * @param faces the faces they must belong to
     * @return the saved targets, or empty when there is no file or it was made by other teachers or for other faces
     *     (logged, so that a changed command line is visible)
     * @throws UncheckedIOException naming the file when it exists but cannot be read whole
     */
    public static Optional<float[][]> read(Path file, String teachers, Dataset faces) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
            if (!FILE_TAG.equals(in.readUTF())) {
                throw new IOException("not a teacher-targets file (tag " + FILE_TAG + " expected)");
            }
            String savedTeachers = in.readUTF();
            long savedFaces = in.readLong();
            if (!savedTeachers.equals(teachers) || savedFaces != fingerprint(faces)) {
                LOG.info("{} was made by other teachers or for other faces; the teachers run again", file);
                return Optional.empty();
            }
            int n = in.readInt();
            int k = in.readInt();
            float[][] soft = new float[n][k];
            for (float[] d : soft) {
                for (int c = 0; c < k; c++) {
                    d[c] = in.readFloat();
                }
            }
            if (in.read() != -1) {
                throw new IOException("longer than its " + n + " x " + k + " targets");
            }
            return Optional.of(soft);
        } catch (EOFException e) {
            throw new UncheckedIOException("cannot read " + file + ": it ends early (a partial copy?); delete it to run the teachers again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** CRC-32 of every face's pixels and label, in order, with the count in the high bits. */
    static long fingerprint(Dataset faces) {
        CRC32 crc = new CRC32();
        byte[] px = new byte[FaceImage.PIXELS];
        for (int i = 0; i < faces.size(); i++) {
            faces.image(i).copyTo(px, 0);
            crc.update(px);
            crc.update(faces.label(i).index());
        }
        return ((long) faces.size() << 32) | crc.getValue();
    }

    /** Raises each probability to 1/T and renormalises, in place. */
    static void soften(float[] p, float temperature) {
        if (temperature == 1f) {
            return;
        }
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) Math.pow(Math.max(p[k], 1e-12), 1.0 / temperature);
            sum += p[k];
        }
        for (int k = 0; k < p.length; k++) {
            p[k] = (float) (p[k] / sum);
        }
    }

    /**
     * @param soft per face a distribution
     * @param faces the labelled faces
     * @return share of faces whose distribution's most likely class is the face's label
     */
    public static double agreement(float[][] soft, Dataset faces) {
        int same = 0;
        for (int i = 0; i < soft.length; i++) {
            same += new ExpressionPrediction(soft[i]).top() == faces.label(i) ? 1 : 0;
        }
        return (double) same / Math.max(1, soft.length);
    }
}
