package org.fer4j.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.fer4j.data.FaceStore;
import org.fer4j.data.Fer2013Reader;
import org.fer4j.data.Usage;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.train.ClassifierEvaluator;
import org.fer4j.train.EvaluationReport;
import org.fer4j.train.Plots;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fer evaluate}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Accuracy, per-class precision/recall/F1, macro-F1 and confusion matrix of a model on a FER2013 CSV.")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--data", required = true, description = "FER2013 CSV (.csv or .csv.gz)")
    Path data;

    @Option(names = "--usage", description = "evaluate only this split's rows (Training, PublicTest, PrivateTest)")
    String usage;

    @Option(names = "--tta", description = "average each face with its mirror image (doubles the cost)")
    boolean tta;

    @Option(names = "--json", description = "print one JSON object (accuracy, macro_f1, per_class, confusion_matrix)")
    boolean json;

    @Option(names = "--plot", description = "write the confusion-matrix heatmap to this PNG")
    Path plot;

    @Override
    public Integer call() {
        Fer2013Reader.Builder rb = Fer2013Reader.builder();
        if (usage != null) {
            rb.optUsages(Usage.parse(usage));
        }
        FaceStore store = FaceStore.read(rb.build(), data);
        EvaluationReport r;
        String engine;
        try (DjlExpressionClassifier c = model.open()) {
            engine = c.engine() + " on " + c.device();
            r = ClassifierEvaluator.evaluate(c, store, 256, tta);
        }
        if (plot != null) {
            Plots.confusionMatrix(r.matrix(), data.getFileName().toString(), plot);
        }
        if (json) {
            System.out.println(r.toJson());
        } else {
            System.out.println("model " + model.model + " (" + engine + ") on " + data.getFileName()
                    + (usage == null ? "" : " (" + usage + ")") + ", tta " + r.tta());
            System.out.print(r.matrix().report());
            System.out.printf("%d faces in %.2f s (%.0f faces/s)%n", r.matrix().total(), r.seconds(), r.imagesPerSecond());
        }
        return 0;
    }
}
