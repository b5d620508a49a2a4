package org.fer4j.cli;

import java.nio.file.Path;

import org.fer4j.vision.FaceDetectors;

import picocli.CommandLine.Option;

/** The detector options shared by {@code fer analyze} and {@code fer spark analyze}: which detector, which YuNet file. */
final class DetectorOptions {
    @Option(names = "--detector", defaultValue = FaceDetectors.DEFAULT, description = "yunet (default: bundled YuNet CNN), "
            + "haar (tuned Haar cascade), tutorial (Haar 1.3/5, full resolution), fast (Haar at <= 320 px, faces >= 48 px) or lbp")
    String name;

    @Option(names = "--yunet-model", description = "a YuNet ONNX file to use instead of the bundled one (on Spark: readable"
            + " on every executor)")
    Path yunetModel;

    /** @return a factory builder with these options */
    FaceDetectors.Builder builder() {
        FaceDetectors.Builder b = FaceDetectors.builder().optName(name);
        if (yunetModel != null) {
            b.optYuNetModel(yunetModel);
        }
        return b;
    }
}
