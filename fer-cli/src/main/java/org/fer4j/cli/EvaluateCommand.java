package org.fer4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import java.util.ArrayList;
import java.util.List;

import org.fer4j.core.EnsembleClassifier;
import org.fer4j.core.ExpressionClassifier;
import org.fer4j.data.FaceStore;
import org.fer4j.data.FerDataException;
import org.fer4j.data.FerPlusReader;
import org.fer4j.data.FerPlusVotes;
import org.fer4j.data.Fer2013Reader;
import org.fer4j.data.Usage;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.train.ClassifierEvaluator;
import org.fer4j.train.EvaluationReport;
import org.fer4j.train.Plots;
import org.fer4j.train.Tta;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    @Option(names = "--tta", arity = "0..1", defaultValue = "none", fallbackValue = "flip",
            description = "test-time augmentation: none, flip (face + mirror, 2 passes; plain --tta) or flip-shift (10 passes)")
    String tta;

    @Option(names = "--ensemble", split = ",", description = {"more model folders (or 'default') whose probabilities are averaged",
        "with --model's: an ensemble of independently trained models (one pass per model and view)"})
    List<String> ensemble = List.of();

    @Option(names = "--json", description = "print one JSON object (accuracy, macro_f1, per_class, confusion_matrix)")
    boolean json;

    @Option(names = "--plot", description = "write the confusion-matrix heatmap to this PNG")
    Path plot;

    @Option(names = "--ferplus", description = {"score against FER+ majority labels instead (fer2013new.csv); needs --usage.",
        "Rows are aligned by position within the split; rows whose FER+ majority is contempt, unknown or not-a-face are left out and counted."})
    Path ferPlus;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (plot != null) {
            OutputPaths.checkFile("--plot", plot);
        }
        if (ferPlus != null && usage == null) {
            throw new IllegalArgumentException("--ferplus needs --usage, to align FER+ rows with the CSV's rows of that split");
        }
        Fer2013Reader.Builder rb = Fer2013Reader.builder();
        if (usage != null) {
            rb.optUsages(Usage.parse(usage));
        }
        FaceStore store = FaceStore.read(rb.build(), data);
        if (store.size() == 0) {
            throw new FerDataException(data.toString(), 0, usage == null ? "no faces to evaluate" : "no " + usage + " rows to evaluate");
        }
        if (ferPlus != null) {
            store = relabel(store);
        }
        EvaluationReport r;
        String engine;
        List<DjlExpressionClassifier> members = new ArrayList<>();
        try {
            members.add(model.open());
            for (String m : ensemble) {
                members.add(model.open(m));
            }
        } catch (RuntimeException e) {
            members.forEach(DjlExpressionClassifier::close);
            throw e;
        }
        engine = members.get(0).engine() + " on " + members.get(0).device();
        try (ExpressionClassifier c = members.size() == 1 ? members.get(0) : new EnsembleClassifier(members)) {
            r = ClassifierEvaluator.evaluate(c, store, 256, Tta.parse(tta));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(r.toJson());
        } else {
            out.println("model " + model.model + (ensemble.isEmpty() ? "" : " + " + String.join(" + ", ensemble)) + " (" + engine + ") on " + data.getFileName()
                    + (usage == null ? "" : " (" + usage + ")") + ", tta " + r.tta());
            out.print(r.matrix().report());
            out.printf("%d faces in %.2f s (%.0f faces/s)%n", r.matrix().total(), r.seconds(), r.imagesPerSecond());
        }
        out.flush();
        // the metrics are out before the optional plot is drawn: a failing plot costs the plot, not the evaluation
        if (plot != null) {
            Plots.confusionMatrix(r.matrix(), data.getFileName().toString(), plot);
            if (!json) {
                out.println("wrote " + plot);
            }
        }
        return 0;
    }

    /** The same faces with FER+ majority labels; FER+ rows of the split line up with the CSV rows of the split. */
    private FaceStore relabel(FaceStore store) {
        if (usage == null) {
            throw new IllegalArgumentException("--ferplus needs --usage, to align FER+ rows with the CSV's rows of that split");
        }
        List<FerPlusVotes> votes = FerPlusReader.ofUsage(FerPlusReader.read(ferPlus), Usage.parse(usage));
        if (votes.size() != store.size()) {
            throw new IllegalArgumentException(ferPlus + " has " + votes.size() + " " + usage + " rows but " + data + " has " + store.size());
        }
        FaceStore.Builder b = FaceStore.builder();
        int dropped = 0;
        for (int i = 0; i < store.size(); i++) {
            var label = votes.get(i).majority();
            if (label.isPresent()) {
                b.add(store.image(i), label.get(), store.usage(i));
            } else {
                dropped++;
            }
        }
        System.err.println("FER+ labels: " + (store.size() - dropped) + " faces kept, " + dropped
                + " left out (majority contempt, unknown or not a face)");
        return b.build();
    }
}
