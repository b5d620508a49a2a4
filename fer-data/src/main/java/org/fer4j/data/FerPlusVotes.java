package org.fer4j.data;

import java.util.Arrays;
import java.util.Optional;

import org.fer4j.core.Emotion;

/**
 * The FER+ annotators' votes for one FER2013 row (10 annotators per face, in {@code fer2013new.csv}).
 *
 * <p>FER+ has eight emotions plus {@code unknown} and {@code NF} (not a face). Seven map one-to-one onto our
 * classes. {@code contempt} has no FER2013 class: its votes are left out of {@link #distribution()} and a face whose
 * top vote is contempt, unknown or NF has no {@link #majority()}. Folding contempt into disgust or anger would invent
 * labels FER2013 never had, so we do not.
 *
 * @param row 0-based data row in {@code fer2013new.csv}, which is the global FER2013 row index
 * @param usage the split
 * @param imageName FER+'s image name, possibly empty; unreliable as a row index (see the data README)
 * @param votes ten counts in file order: neutral, happiness, surprise, sadness, anger, disgust, fear, contempt, unknown, NF
 */
public record FerPlusVotes(int row, Usage usage, String imageName, int[] votes) {
    /** Number of vote columns. */
    public static final int COLUMNS = 10;
    /** Our emotion for each of the first seven FER+ vote columns. */
    private static final Emotion[] COLUMN_EMOTION = {Emotion.NEUTRAL, Emotion.HAPPY, Emotion.SURPRISE, Emotion.SAD,
        Emotion.ANGRY, Emotion.DISGUST, Emotion.FEAR};

    /** Validates and copies the votes. */
    public FerPlusVotes {
        if (votes.length != COLUMNS) {
            throw new IllegalArgumentException("expected 10 vote counts, got " + votes.length);
        }
        votes = votes.clone();
    }

    /** @return a copy of the ten vote counts */
    @Override
    public int[] votes() {
        return votes.clone();
    }

    /** @param e one of our classes @return votes it received */
    public int votesFor(Emotion e) {
        for (int c = 0; c < COLUMN_EMOTION.length; c++) {
            if (COLUMN_EMOTION[c] == e) {
                return votes[c];
            }
        }
        throw new AssertionError(e);
    }

    /** @return votes for contempt, which has no FER2013 class */
    public int contemptVotes() {
        return votes[7];
    }

    /**
     * @return the seven-class vote distribution in {@link Emotion} order (contempt, unknown and NF left out),
     *     all zeros when no annotator chose one of the seven
     */
    public float[] distribution() {
        float[] d = new float[Emotion.COUNT];
        int sum = 0;
        for (int c = 0; c < COLUMN_EMOTION.length; c++) {
            sum += votes[c];
        }
        if (sum == 0) {
            return d;
        }
        for (int c = 0; c < COLUMN_EMOTION.length; c++) {
            d[COLUMN_EMOTION[c].index()] = (float) votes[c] / sum;
        }
        return d;
    }

    /**
     * @return the emotion with the most votes among all ten columns (ties to the earlier column), or empty
     *     when that winner is contempt, unknown or not-a-face
     */
    public Optional<Emotion> majority() {
        int best = 0;
        for (int c = 1; c < COLUMNS; c++) {
            if (votes[c] > votes[best]) {
                best = c;
            }
        }
        return best < COLUMN_EMOTION.length && votes[best] > 0 ? Optional.of(COLUMN_EMOTION[best]) : Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FerPlusVotes v && v.row == row && v.usage == usage && v.imageName.equals(imageName)
                && Arrays.equals(v.votes, votes);
    }

    @Override
    public int hashCode() {
        return 31 * row + Arrays.hashCode(votes);
    }

    @Override
    public String toString() {
        return "FerPlusVotes[row=" + row + ", " + usage + ", " + Arrays.toString(votes) + "]";
    }
}
