package org.fer4j.vision;

import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** Gray conversion that accepts 1-, 3- and 4-channel frames. */
final class Gray {
    private Gray() {
    }

    /**
     * @param frame BGR, BGRA or gray
     * @param out receives the gray image (may be {@code frame} itself when already gray)
     * @return the gray image: {@code frame} when it is already gray, else {@code out}
     */
    static Mat of(Mat frame, Mat out) {
        return switch (frame.channels()) {
            case 1 -> frame;
            case 3 -> {
                Imgproc.cvtColor(frame, out, Imgproc.COLOR_BGR2GRAY);
                yield out;
            }
            case 4 -> {
                Imgproc.cvtColor(frame, out, Imgproc.COLOR_BGRA2GRAY);
                yield out;
            }
            default -> throw new IllegalArgumentException("frames must have 1, 3 or 4 channels, got " + frame.channels());
        };
    }
}
