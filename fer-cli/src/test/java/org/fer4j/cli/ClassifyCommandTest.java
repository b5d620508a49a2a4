package org.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fer4j.models.ModelCard;
import org.fer4j.models.ReferenceOutput;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code fer classify} and the model options it shares with evaluate and analyze. */
class ClassifyCommandTest {
    @TempDir
    Path tmp;

    /**
     * A model folder whose recorded answers no longer match its weights is refused by name; {@code --no-reference-check}
     * loads it anyway. The folder is a copy of the bundled model with one recorded probability moved by 0.05.
     */
    @Test
    void aModelThatFailsItsReferenceCheckIsRefusedUnlessTheCheckIsOff() throws Exception {
        Path src = ExpressionClassifiers.bundledModelDir();
        String data = SharedData.require("fer2013/publictest.csv.gz").toString();
        Path dir = Files.createDirectories(tmp.resolve("moved"));
        try (var files = Files.list(src)) {
            for (Path p : files.filter(p -> !p.getFileName().toString().endsWith(".onnx")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        ModelCard card = ModelCard.read(dir);
        ReferenceOutput ref = card.reference();
        float[][] moved = new float[ref.probabilities().length][];
        for (int i = 0; i < moved.length; i++) {
            moved[i] = ref.probabilities()[i].clone();
        }
        moved[0][0] += 0.05f;
        Files.writeString(dir.resolve(ModelCard.FILE), card.withReference(new ReferenceOutput(ref.faceSet(), moved)).toJson());

        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ClassifyCommand());
        cl.setErr(new PrintWriter(err, true));
        assertEquals(1, cl.execute("--model", dir.toString(), "--limit", "2", data));
        assertTrue(err.toString().contains(dir + ": on PYTORCH") && err.toString().contains("probabilities differ by up to 0.05"),
                err.toString());
        assertEquals(0, new CommandLine(new ClassifyCommand()).execute("--model", dir.toString(), "--limit", "2", "--no-reference-check", data));
    }
}
