package org.fer4j.core;

import java.util.List;

/**
 * Several classifiers as one: each face's probabilities are the mean of the members' (one forward pass per member).
 * Averaging pays when the members err differently, as independently trained networks do; for one lineage of weights,
 * averaging the weights themselves gives one network of the same speed instead.
 *
 * <p>Owns its members: {@link #close()} closes every one of them.
 */
public final class EnsembleClassifier implements ExpressionClassifier {
    private final List<ExpressionClassifier> members;

    /**
     * @param members two or more classifiers; the ensemble takes them over and closes them
     * @throws IllegalArgumentException with fewer than two members
     */
    public EnsembleClassifier(List<? extends ExpressionClassifier> members) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs two or more classifiers, got " + members.size());
        }
        this.members = List.copyOf(members);
    }

    /** @return the members, in the order given */
    public List<ExpressionClassifier> members() {
        return members;
    }

    @Override
    public List<ExpressionPrediction> classifyAll(List<FaceImage> faces) {
        ProbabilityMean mean = new ProbabilityMean(faces.size());
        for (ExpressionClassifier m : members) {
            mean.addAll(0, m.classifyAll(faces));
        }
        return mean.predictions();
    }

    /** Closes every member, even when one of them fails to close; the first failure is rethrown. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (ExpressionClassifier m : members) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
