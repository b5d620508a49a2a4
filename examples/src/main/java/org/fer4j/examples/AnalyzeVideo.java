package org.fer4j.examples;

import java.nio.file.Path;

import org.fer4j.core.FaceDetector;
import org.fer4j.core.FerException;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.vision.Analyzer;
import org.fer4j.vision.FaceDetectors;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.FrameSources;
import org.opencv.core.Mat;

/**
 * Analyzes a video (or a photo, a folder of photos, {@code camera:0}) into JSON lines, one object per frame with every
 * face's box, track and seven probabilities, plus a summary; no annotated video.
 *
 * <p>Run: {@code examples/run AnalyzeVideo ../shared/data/video/short_hamilton_clip.mp4 out/}
 */
public final class AnalyzeVideo {
    private AnalyzeVideo() {
    }

    /**
     * @param input a video, an image, a folder of images or {@code camera:N}
     * @param outDir where {@code <name>.jsonl} and {@code <name>.summary.json} go
     * @return what was written
     */
    public static Analyzer.Result analyze(String input, Path outDir) {
        try (FrameSource source = FrameSources.open(input);
                FaceDetector<Mat> detector = FaceDetectors.builder().build();
                DjlExpressionClassifier classifier = ExpressionClassifiers.builder().optInt8().build()) {
            return Analyzer.builder(detector, classifier).optAnnotate(false).build().run(source, outDir);
        }
    }

    /** @param args the input and the output folder */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: AnalyzeVideo <video|image|folder|camera:N> <output folder>");
            System.exit(2);
        }
        try {
            Analyzer.Result r = analyze(args[0], Path.of(args[1]));
            System.out.printf("%d frames, %d faces, %d tracks -> %s%n", r.summary().frames(), r.summary().faces(), r.summary().tracks(),
                    r.jsonl());
        } catch (FerException e) {
            // the library names the file, line or frame and the problem: that line is the whole message
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }
}
