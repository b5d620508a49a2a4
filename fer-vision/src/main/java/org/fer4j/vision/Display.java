package org.fer4j.vision;

import java.awt.GraphicsEnvironment;

import org.opencv.core.Mat;
import org.opencv.highgui.HighGui;

/** The optional preview window, through OpenCV's HighGui. */
public final class Display {
    private Display() {
    }

    /** @throws VisionException when this JVM has no display to open a window on */
    public static void check() {
        if (GraphicsEnvironment.isHeadless()) {
            throw new VisionException("preview window", "needs a display, and this JVM is headless (no DISPLAY)");
        }
    }

    /**
     * @param title the window's title
     * @param bgr the frame to show
     * @return false when the user pressed q
     */
    public static boolean show(String title, Mat bgr) {
        HighGui.imshow(title, bgr);
        int key = HighGui.waitKey(1);
        return key != 'q' && key != 'Q';
    }
}
