package org.fer4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.fer4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class ShotCutTest {
    private record Scan(List<Long> cuts, double colourInside, double layoutInside, double colourCut, double layoutCut, double nsPerFrame) {
    }

    /** Runs the detector over a clip the way the pipeline does: each frame against the one before. */
    private static Scan scan(String clip) {
        HistogramShotDetector shots = new HistogramShotDetector();
        List<Long> cuts = new ArrayList<>();
        double ci = 0;
        double li = 0;
        double cc = 1;
        double lc = 2;
        long ns = 0;
        long frames = 0;
        try (FrameSource src = FrameSources.open(SharedData.require("video/" + clip).toString())) {
            float[] prev = null;
            for (FrameSource.Frame f; (f = src.next()) != null;) {
                long t0 = System.nanoTime();
                float[] sig = shots.signature(f.image());
                boolean cut = prev != null && shots.isCut(prev, sig);
                ns += System.nanoTime() - t0;
                frames++;
                if (prev != null) {
                    double c = HistogramShotDetector.colourDistance(prev, sig);
                    double l = HistogramShotDetector.layoutDistance(prev, sig);
                    if (cut) {
                        cuts.add(f.index());
                        cc = Math.min(cc, c);
                        lc = Math.min(lc, l);
                    } else {
                        ci = Math.max(ci, c);
                        li = Math.max(li, l);
                    }
                }
                prev = sig;
            }
        }
        Scan s = new Scan(cuts, ci, li, cc, lc, (double) ns / frames);
        System.out.printf("%s: cuts %s; at cuts colour >= %.3f, layout >= %.3f; inside shots colour <= %.3f, layout <= %.3f;"
                + " %.0f ns per frame%n", clip, cuts, cc, lc, ci, li, s.nsPerFrame());
        return s;
    }

    @Test
    void findsTheThreeCutsOfTheHamiltonClip() {
        assertEquals(List.of(20L, 82L, 211L), scan("short_hamilton_clip.mp4").cuts());
    }

    /** Three hard cuts; frames 192-204 flicker between two colour gradings of one picture, and 212-230 dissolve. */
    @Test
    void findsTheHardCutsOfTearsOfSteelAndNotItsFlicker() {
        assertEquals(List.of(21L, 65L, 185L), scan("clip_01_tears_of_steel.mp4").cuts());
    }

    @Test
    void flatAndGrayFramesWork() {
        HistogramShotDetector shots = new HistogramShotDetector();
        Mat black = new Mat(72, 128, CvType.CV_8UC1, new Scalar(0));
        Mat white = new Mat(72, 128, CvType.CV_8UC1, new Scalar(255));
        try {
            float[] a = shots.signature(black);
            float[] b = shots.signature(white);
            assertEquals(1.0, HistogramShotDetector.colourDistance(a, b), 1e-6);
            // flat frames have no layout to compare, which counts as changed: black to white is a cut
            assertTrue(shots.isCut(a, b));
            assertEquals(0.0, HistogramShotDetector.colourDistance(a, shots.signature(black)), 1e-6);
        } finally {
            black.release();
            white.release();
        }
    }
}
