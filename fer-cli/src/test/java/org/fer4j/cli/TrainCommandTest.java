package org.fer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.fer4j.data.FerDataException;
import org.fer4j.models.FerModelException;
import org.fer4j.models.ModelRegistry;
import org.fer4j.train.Augmentation;
import org.fer4j.train.SoftTargets;
import org.fer4j.train.TrainConfig;
import org.fer4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code fer train} as a user runs it over several sessions (a paused run must not read like a finished one, a resumed one
 * does not run its teachers again), then {@code fer average}.
 */
class TrainCommandTest {
    @TempDir
    Path tmp;

    @Test
    void pausedRunSaysHowToGoOnAndResumedRunFinishes() throws Exception {
        // real rows, few of them: the test is about the run's life cycle, not about accuracy
        String train = head(SharedData.require("fer2013/train.csv.gz"), 96).toString();
        String val = head(SharedData.require("fer2013/publictest.csv.gz"), 64).toString();
        Path run = tmp.resolve("run");
        String[] args = {"--model", "fer-net-s", "--data", train, "--val", val, "--epochs", "2",
            "--batch-size", "32", "--augment", "none", "--seed", "3", "--keep-epochs", "--out", run.toString(),
            "--teacher", "default", "--teacher-weight", "0.3"};

        String first = execute(concat(args, "--session-epochs", "1"));
        assertTrue(first.contains("paused after epoch 1 of 2"), first);
        assertTrue(first.contains("--resume (1 epochs left)"), first);
        assertTrue(Files.isRegularFile(run.resolve("checkpoint/state.json")));
        assertTrue(!first.contains("teacher targets read from") && Files.isRegularFile(run.resolve(TrainCommand.TEACHER_TARGETS_FILE)),
                first);

        String second = execute(concat(args, "--resume"));
        assertTrue(second.contains("done: 2 epochs; best model in"), second);
        assertTrue(second.contains("teacher targets read from"), "the resumed session reuses the teachers' targets: " + second);

        // each epoch kept whole, and the two averaged into one model through the command line, named by their folder
        for (String epoch : new String[] {"epoch-001", "epoch-002"}) {
            assertTrue(Files.isRegularFile(run.resolve("epochs").resolve(epoch).resolve("model-card.json")), epoch);
        }
        Path avg = tmp.resolve("avg");
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new AverageCommand());
        cl.setOut(new PrintWriter(sw, true));
        assertEquals(0, cl.execute("--model", run.resolve("epochs").toString(), "--data", train,
                "--faces", "64", "--batch-size", "32", "--out", avg.toString()), sw.toString());
        assertTrue(sw.toString().contains("averaged 2 models; batch-norm statistics over 64 Training faces"), sw.toString());
        assertTrue(Files.readString(avg.resolve("model-card.json")).contains("averaged_from"));

        // a run that starts from trained weights and names no --model trains their architecture
        Path tuned = tmp.resolve("tuned");
        String third = execute("--init", run.resolve("best").toString(), "--data", train, "--val", val, "--epochs", "1",
                "--batch-size", "32", "--augment", "none", "--out", tuned.toString());
        assertTrue(third.contains("done: 1 epochs"), third);
        assertTrue(Files.readString(tuned.resolve("best/model-card.json")).contains("\"architecture\": \"fer-net-s\""));
    }

    /** The command line repeats none of the library's training defaults: what it leaves unset is TrainConfig's default. */
    @Test
    void unsetOptionsAreTheLibrarysDefaults() {
        TrainCommand c = new TrainCommand();
        new CommandLine(c).parseArgs("--data", "x.csv", "--out", "run");
        TrainConfig d = TrainConfig.builder(ModelRegistry.FER_NET).build();
        assertEquals(d.epochs(), c.epochs);
        assertEquals(d.batchSize(), c.batchSize);
        assertEquals(d.learningRate(), c.lr);
        assertEquals(d.momentum(), c.momentum);
        assertEquals(d.weightDecay(), c.weightDecay);
        assertEquals(d.warmupEpochs(), c.warmup);
        assertEquals(d.labelSmoothing(), c.labelSmoothing);
        assertEquals(d.seed(), c.seed);
        assertEquals(d.augmentation(), Augmentation.parse(c.augment));
        assertEquals(d.schedule().name(), c.schedule.toUpperCase(java.util.Locale.ROOT));
        assertEquals(d.optimizer().name(), c.optimizer.toUpperCase(java.util.Locale.ROOT));
        assertEquals(SoftTargets.DEFAULT_WEIGHT, c.teacherWeight);
        assertEquals(SoftTargets.DEFAULT_TEACHER_TEMPERATURE, c.teacherTemperature);
    }

    /** A header-only training file, or a validation file without PublicTest rows, stops the run before anything is written. */
    @Test
    void anEmptySelectionIsAnErrorNamingTheFile() throws IOException {
        Path headerOnly = tmp.resolve("header-only.csv");
        Files.writeString(headerOnly, "emotion,pixels,Usage\n");
        Path trainOnly = head(SharedData.require("fer2013/train.csv.gz"), 4);
        Path run = tmp.resolve("never");
        TrainCommand c = new TrainCommand();
        new CommandLine(c).parseArgs("--data", headerOnly.toString(), "--val", trainOnly.toString(), "--out", run.toString());
        FerDataException e = assertThrows(FerDataException.class, c::call);
        assertEquals(headerOnly + ": no rows of usage Training", e.getMessage());
        TrainCommand v = new TrainCommand();
        new CommandLine(v).parseArgs("--data", trainOnly.toString(), "--val", trainOnly.toString(), "--out", run.toString());
        e = assertThrows(FerDataException.class, v::call);
        assertEquals(trainOnly + ": no rows of usage PublicTest", e.getMessage());
        assertTrue(!Files.exists(run), "nothing is written");
    }

    @Test
    void averageNamesAFolderThatHoldsNoModels() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("no-models/sub"));
        FerModelException e = assertThrows(FerModelException.class, () -> AverageCommand.expand(List.of(empty.getParent())));
        assertTrue(e.getMessage().contains(empty.getParent().toString()) && e.getMessage().contains("nor a folder of model folders"),
                e.getMessage());
    }

    /** @return a plain CSV in the temp folder holding the header and the first rows of a gzipped FER2013 CSV */
    private Path head(Path gz, int rows) throws IOException {
        Path out = tmp.resolve(gz.getFileName().toString().replace(".gz", ""));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)),
                StandardCharsets.US_ASCII))) {
            Files.write(out, in.lines().limit(rows + 1L).toList(), StandardCharsets.US_ASCII);
        }
        return out;
    }

    private static String execute(String... args) {
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new TrainCommand());
        cl.setOut(new PrintWriter(sw, true));
        int rc = cl.execute(args);
        assertEquals(0, rc, sw.toString());
        return sw.toString();
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
