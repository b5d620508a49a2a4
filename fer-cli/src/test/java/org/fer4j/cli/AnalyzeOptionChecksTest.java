package org.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

/** {@code fer analyze}'s options that are refused before anything is loaded: --resume on what is not a video file, an unknown codec. */
class AnalyzeOptionChecksTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"folder", "camera:0", "missing.mp4"})
    void resumeIsRefusedForAnythingButAVideoFile(String input) throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("folder"));
        String arg = input.equals("folder") ? folder.toString() : input.equals("missing.mp4") ? tmp.resolve(input).toString() : input;
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw, true);
        CommandLine cl = new CommandLine(new AnalyzeCommand());
        cl.setOut(pw);
        cl.setErr(pw);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            pw.println("fer: " + ex.getMessage());
            return 2;
        });
        int code = cl.execute(arg, "--resume", "--out", tmp.resolve("out").toString());
        assertEquals(2, code, sw.toString());
        assertTrue(sw.toString().contains("--resume works on a video file"), sw.toString());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing is created for a refused run");
    }

    @org.junit.jupiter.api.Test
    void anUnknownVideoCodecNamesTheChoices() {
        StringWriter sw = new StringWriter();
        PrintWriter pw = new PrintWriter(sw, true);
        CommandLine cl = new CommandLine(new AnalyzeCommand());
        cl.setErr(pw);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            pw.println("fer: " + ex.getMessage());
            return 2;
        });
        int code = cl.execute(tmp.resolve("missing.mp4").toString(), "--video-codec", "vp9", "--out", tmp.resolve("out").toString());
        assertEquals(2, code, sw.toString());
        assertTrue(sw.toString().contains("unknown video codec 'vp9'") && sw.toString().contains("mpeg4"), sw.toString());
        assertFalse(Files.exists(tmp.resolve("out")), "nothing is created for a refused run");
    }
}
