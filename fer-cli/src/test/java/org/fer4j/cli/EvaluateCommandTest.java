package org.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fer4j.models.ModelCard;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.testing.SharedData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** {@code fer evaluate --ensemble} through the command line. */
class EvaluateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void anEnsembleOfTheBundledModelWithItselfScoresAsTheModel() {
        // the same model twice averages to its own probabilities: the same report, to the face
        String data = SharedData.require("fer2013/publictest.csv.gz").toString();
        String single = evaluate("--data", data, "--usage", "PublicTest", "--engine", "onnxruntime", "--int8");
        String twice = evaluate("--data", data, "--usage", "PublicTest", "--engine", "onnxruntime", "--int8", "--ensemble", "default");
        assertTrue(twice.contains("model default + default (ONNX_RUNTIME"), twice);
        assertTrue(single.contains("accuracy 0.70"), single);
        assertEquals(report(single), report(twice));
    }

    @Test
    void anEnsembleWithAnotherModelChangesTheReport() throws Exception {
        // another model: the bundled int8 graph (0.7069 alone) as a folder's model.onnx, without the float reference it would
        // fail; averaged with the float graph (0.7113) the report must move, which it would not if --ensemble were ignored
        Path v1 = Files.createDirectories(tmp.resolve("int8-as-float"));
        Path bundled = ExpressionClassifiers.bundledModelDir();
        Files.copy(bundled.resolve(ExpressionClassifiers.ONNX_INT8_FILE), v1.resolve(ExpressionClassifiers.ONNX_FILE));
        Files.writeString(v1.resolve(ModelCard.FILE), ModelCard.read(bundled).withReference(null).toJson());
        String data = SharedData.require("fer2013/publictest.csv.gz").toString();
        String single = evaluate("--data", data, "--usage", "PublicTest", "--engine", "onnxruntime");
        String pair = evaluate("--data", data, "--usage", "PublicTest", "--engine", "onnxruntime", "--ensemble", v1.toString());
        assertTrue(pair.contains("model default + " + v1), pair);
        assertNotEquals(report(single), report(pair));
        double alone = accuracy(single);
        double both = accuracy(pair);
        assertEquals(0.7113, alone, 0.0005, single);
        assertTrue(both > 0.66 && both < 0.74, pair);
    }

    private static double accuracy(String out) {
        Matcher m = Pattern.compile("accuracy (0\\.\\d+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    private static String evaluate(String... args) {
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new EvaluateCommand());
        cl.setOut(new PrintWriter(sw, true));
        assertEquals(0, cl.execute(args), sw.toString());
        return sw.toString();
    }

    /** The per-class table and accuracy: the output without its first line (model names) and last (timing). */
    private static String report(String out) {
        String[] lines = out.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, 1, lines.length - 1));
    }
}
