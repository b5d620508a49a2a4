package org.fer4j.cli;

import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code fer} command line. */
@Command(name = "fer", mixinStandardHelpOptions = true, version = "fer4j 0.1.0-SNAPSHOT",
        description = "Facial expression recognition on the JVM.",
        subcommands = {DataCommand.class, TrainCommand.class, EvaluateCommand.class, ClassifyCommand.class, ExportCommand.class, AverageCommand.class,
            AnalyzeCommand.class, CompareCommand.class,
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
            cmd.getErr().println("fer: " + errorMessage(ex));
            if (Boolean.getBoolean("fer.debug")) {
                ex.printStackTrace(cmd.getErr());
            }
            return 2;
        });
        System.exit(checkOutput(cl.execute(args), System.out, System.err));
    }

    /**
     * A command's results go to standard output, whose {@link PrintStream} swallows write errors: a full disk or a
     * closed pipe would lose them while the command reports success. Checked once, at the end.
     *
     * @param code the command's exit code
     * @param out where the results went
     * @param err where to say they were lost
     * @return the exit code, 2 when the results could not be written
     */
    static int checkOutput(int code, PrintStream out, PrintStream err) {
        out.flush();
        if (out.checkError()) {
            err.println("fer: cannot write the results to standard output (a full disk or a closed pipe)");
            return code == 0 ? 2 : code;
        }
        return code;
    }

    /**
     * The one-line error: the exception's message, then the reason of each cause that the message does not already say
     * ("cannot create output folder out: Read-only file system"), since wrapping often keeps the what and drops the why.
     *
     * @param ex what went wrong
     * @return the line to print after {@code fer: }
     */
    static String errorMessage(Throwable ex) {
        StringBuilder msg = new StringBuilder(ex.getMessage() == null ? ex.toString() : ex.getMessage());
        Throwable c = ex.getCause();
        for (int depth = 0; c != null && depth < 8; depth++, c = c.getCause()) {
            String reason = firstLine(reason(c));
            if (reason != null && !msg.toString().contains(reason)) {
                msg.append(": ").append(reason);
            }
        }
        return msg.toString();
    }

    private static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static String reason(Throwable c) {
        if (c instanceof FileSystemException f) {
            // its message is "file: reason" or only the file; the reason is what is missing from the wrapper's message
            if (f.getReason() != null) {
                return f.getReason();
            }
            if (f instanceof AccessDeniedException) {
                return "permission denied";
            }
            if (f instanceof NoSuchFileException) {
                return "no such file or folder";
            }
            if (f instanceof FileAlreadyExistsException) {
                return "already exists";
            }
            if (f instanceof NotDirectoryException) {
                return "not a folder";
            }
            return c.getClass().getSimpleName();
        }
        return c.getMessage();
    }
}
