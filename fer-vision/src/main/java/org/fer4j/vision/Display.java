package org.fer4j.vision;

import java.awt.GraphicsEnvironment;

import org.opencv.core.Mat;
import org.opencv.highgui.HighGui;

/** The optional preview window ({@code --show}). */
final class Display {
    private Display() {
    }

    static void check() {
        if (GraphicsEnvironment.isHeadless()) {
            throw new IllegalStateException("--show needs a display, and this JVM is headless (no DISPLAY)");
        }
    }

    /** @return false when the user pressed q */
    static boolean show(String title, Mat bgr) {
        HighGui.imshow(title, bgr);
        int key = HighGui.waitKey(1);
        return key != 'q' && key != 'Q';
    }
}
