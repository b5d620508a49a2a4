package org.fer4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.fer4j.testing.SharedData;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** {@code fer evaluate --ensemble} through the command line. */
class EvaluateCommandTest {

    @Test
    void anEnsembleOfTheBundledModelWithItselfScoresAsTheModel() {
        // the same model twice averages to its own probabilities: the same report, to the face
        String data = SharedData.require("fer2013/publictest.csv.gz").toString();
        String single = evaluate("--data", data, "--usage", "PublicTest", "--engine", "onnxruntime", "--int8");
        String twice = evaluate("--data", data, "--usage", "PublicTest", "--engine", "onnxruntime", "--int8", "--ensemble", "default");
        assertTrue(twice.contains("model default + default (ONNX_RUNTIME"), twice);
        assertTrue(single.contains("accuracy 0.69"), single);
        assertEquals(report(single), report(twice));
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
