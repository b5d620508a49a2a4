package org.fer4j.core;

/**
 * Cuts a face out of a frame and turns it into the 48x48 gray {@link FaceImage} that classifiers take.
 *
 * @param <F> the frame type
 */
@FunctionalInterface
public interface FaceCropper<F> {
    /**
     * @param frame the frame
     * @param box where the face is, in frame coordinates (may extend past the border)
     * @return the 48x48 face
     */
    FaceImage crop(F frame, BoundingBox box);
}
