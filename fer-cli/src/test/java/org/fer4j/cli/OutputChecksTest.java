package org.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * Output paths are checked before a command works, an optional artefact never costs the results, and a command that
 * selected nothing fails instead of reporting success on nothing.
 */
class OutputChecksTest {
    @TempDir
    Path tmp;

    /** Exit code and everything printed, out and err together. */
    private record Run(int code, String text) {
    }

    private static Run run(Object command, String... args) {
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(command);
        PrintWriter pw = new PrintWriter(sw, true);
        cl.setOut(pw);
        cl.setErr(pw);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            pw.println("fer: " + ex.getMessage());
            return 2;
        });
        return new Run(cl.execute(args), sw.toString());
    }

    private Path csv(String usage) throws IOException {
        StringBuilder px = new StringBuilder();
        for (int i = 0; i < 2304; i++) {
            px.append(i == 0 ? "" : " ").append(i % 256);
        }
        Path f = tmp.resolve("faces.csv");
        Files.writeString(f, "emotion,pixels,Usage\n3," + px + "," + usage + "\n", StandardCharsets.US_ASCII);
        return f;
    }

    @Test
    void aPlotThatCannotBeCreatedIsRefusedBeforeAnyWork() throws IOException {
        // the data file does not exist: an answer about --plot proves the plot was checked before the data was read
        Path file = Files.writeString(tmp.resolve("notes.txt"), "a file, not a folder");
        Path plot = file.resolve("sub/cm.png");
        Run r = run(new EvaluateCommand(), "--data", tmp.resolve("absent.csv").toString(), "--plot", plot.toString());
        assertEquals(2, r.code(), r.text());
        assertTrue(r.text().contains("--plot " + plot + ": " + file + " is a file, not a folder"), r.text());
    }

    @Test
    void aPlotNamingAFolderIsAnErrorAndTheFolderStays() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("plots"));
        Run r = run(new EvaluateCommand(), "--data", tmp.resolve("absent.csv").toString(), "--plot", folder.toString());
        assertEquals(2, r.code(), r.text());
        assertTrue(r.text().contains("is a folder"), r.text());
        assertTrue(Files.isDirectory(folder));
    }

    @Test
    void exportChecksItsOutputBeforeLoadingTheModel() throws IOException {
        Path folder = Files.createDirectories(tmp.resolve("out.onnx"));
        Run r = run(new ExportCommand(), "--model", tmp.resolve("no-model").toString(), "--out", folder.toString());
        assertEquals(2, r.code(), r.text());
        assertTrue(r.text().contains("--out " + folder + ": is a folder"), r.text());
    }

    @Test
    void convertingAFolderWithoutClassFoldersIsAnErrorAndWritesNothing() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("no-classes"));
        Files.writeString(in.resolve("readme.txt"), "not a face");
        Path out = tmp.resolve("out.csv");
        Run r = run(new CommandLine(new DataCommand()).getSubcommands().get("convert").getCommand(), in.toString(), "--to", "csv",
                "--out", out.toString());
        assertEquals(2, r.code(), r.text());
        assertTrue(r.text().contains(in + ": no class folders"), r.text());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(1, s.count(), "nothing but the input is left");
        }
    }

    @Test
    void convertingAnEmptySelectionIsAnError() throws IOException {
        Path in = csv("Training");
        Path out = tmp.resolve("private.csv");
        Run r = run(new CommandLine(new DataCommand()).getSubcommands().get("convert").getCommand(), in.toString(), "--to", "csv",
                "--usage", "PrivateTest", "--out", out.toString());
        assertNotEquals(0, r.code(), r.text());
        assertTrue(r.text().contains(in + ": no rows of usage PrivateTest"), r.text());
        assertFalse(Files.exists(out));
        // the same conversion of the split that is there succeeds
        Run ok = run(new CommandLine(new DataCommand()).getSubcommands().get("convert").getCommand(), in.toString(), "--to", "csv",
                "--usage", "Training", "--out", out.toString());
        assertEquals(0, ok.code(), ok.text());
        assertTrue(Files.isRegularFile(out));
    }

    @Test
    void theReasonOfAWrappedFailureIsPrinted() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path out = file.resolve("out");
        IOException cause = assertThrows(IOException.class, () -> Files.createDirectories(out));
        String line = FerCli.errorMessage(new UncheckedIOException("cannot create output folder " + out, cause));
        assertTrue(line.startsWith("cannot create output folder " + out + ": "), line);
        assertTrue(line.length() > ("cannot create output folder " + out + ": ").length() + 3, line);
        assertEquals("cannot create output folder out: Read-only file system", FerCli.errorMessage(
                new UncheckedIOException("cannot create output folder out", new FileSystemException("out", null, "Read-only file system"))));
        // a reason already in the message is not repeated
        assertEquals("cannot write x: disk full", FerCli.errorMessage(new UncheckedIOException("cannot write x: disk full",
                new IOException("disk full"))));
    }

    @Test
    void resultsThatCannotBeWrittenAreAFailure() {
        java.io.ByteArrayOutputStream errBytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = new java.io.PrintStream(errBytes, true, StandardCharsets.UTF_8);
        java.io.PrintStream full = new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        }, true, StandardCharsets.UTF_8);
        full.println("accuracy 0.7113"); // swallowed by PrintStream, as System.out does
        assertEquals(2, FerCli.checkOutput(0, full, err));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("cannot write the results to standard output"));
        java.io.PrintStream fine = new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        fine.println("accuracy 0.7113");
        assertEquals(0, FerCli.checkOutput(0, fine, err));
        assertEquals(3, FerCli.checkOutput(3, full, err), "a failure keeps its own code");
    }
}
