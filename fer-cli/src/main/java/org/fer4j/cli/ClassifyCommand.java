package org.fer4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.data.FaceStore;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.vision.ImageDecoder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fer classify}. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Per-face probabilities for 48x48 face images (.png/.jpg) or the rows of a FER2013 CSV.")
final class ClassifyCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Parameters(arity = "1..*", description = "48x48 face images, or one FER2013 CSV (.csv/.csv.gz)")
    List<Path> inputs;

    @Option(names = "--limit", description = "classify at most this many CSV rows")
    Integer limit;

    @Override
    public Integer call() {
        List<String> names = new ArrayList<>();
        List<FaceImage> faces = new ArrayList<>();
        for (Path p : inputs) {
            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv") || n.endsWith(".csv.gz")) {
                FaceStore s = FaceStore.read(p);
                int max = limit == null ? s.size() : Math.min(limit, s.size());
                for (int i = 0; i < max; i++) {
                    names.add(p.getFileName() + ":" + (i + 2));
                    faces.add(s.image(i));
                }
            } else {
                names.add(p.toString());
                faces.add(ImageDecoder.readFace(p));
            }
        }
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("no faces to classify (the CSV has no rows, or --limit is 0)");
        }
        StringBuilder header = new StringBuilder(String.format("%-28s %-9s", "face", "label"));
        for (Emotion e : Emotion.values()) {
            header.append(String.format(" %8s", e.label()));
        }
        System.out.println(header);
        try (DjlExpressionClassifier c = model.open()) {
            List<ExpressionPrediction> preds = c.classifyAll(faces);
            for (int i = 0; i < preds.size(); i++) {
                StringBuilder sb = new StringBuilder(String.format("%-28s %-9s", names.get(i), preds.get(i).top().label()));
                for (float v : preds.get(i).probabilities()) {
                    sb.append(String.format(Locale.ROOT, " %8.4f", v));
                }
                System.out.println(sb);
            }
        }
        return 0;
    }
}
