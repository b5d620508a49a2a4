package org.fer4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code fer} command line. */
@Command(name = "fer", mixinStandardHelpOptions = true, version = "fer4j 0.1.0-SNAPSHOT",
        description = "Facial expression recognition on the JVM.",
        subcommands = {DataCommand.class, TrainCommand.class, EvaluateCommand.class, ClassifyCommand.class, ExportCommand.class, AverageCommand.class,
            AnalyzeCommand.class, CompareCommand.class, SparkCommand.class,
            CommandLine.HelpCommand.class})
public final class FerCli {
    private FerCli() {
    }

    /** @param args command line */
    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        CommandLine cl = new CommandLine(new FerCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // a clear one-line error for bad input; the stack trace only when asked for
            cmd.getErr().println("fer: " + ex.getMessage());
            if (Boolean.getBoolean("fer.debug")) {
                ex.printStackTrace(cmd.getErr());
            }
            return 2;
        });
        System.exit(cl.execute(args));
    }
}
