package org.fer4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before a command starts its work, that the outputs it was asked for can be written, so that a typo in an
 * output path costs a message and not a finished evaluation or conversion.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * A file to create or replace: not a folder, and in a folder that exists and is writable or can be created.
     *
     * @param option the option that named it, for the message
     * @param file the file
     * @throws IllegalArgumentException naming the option, the path and the reason
     */
    static void checkFile(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + ": is a folder; name a file inside it");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new IllegalArgumentException(option + " " + file + ": exists and is not writable");
        }
        checkCreatable(option, file);
    }

    /**
     * A file or folder to create: its nearest existing ancestor must be a writable folder (missing folders between are
     * created when the output is written).
     *
     * @param option the option that named it, for the message
     * @param target the path
     * @throws IllegalArgumentException naming the option, the path and the reason
     */
    static void checkCreatable(String option, Path target) {
        Path abs = target.toAbsolutePath().normalize();
        Path ancestor = abs.getParent();
        while (ancestor != null && !Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (ancestor == null) {
            throw new IllegalArgumentException(option + " " + target + ": no existing folder above it");
        }
        if (!Files.isDirectory(ancestor)) {
            throw new IllegalArgumentException(option + " " + target + ": " + ancestor + " is a file, not a folder");
        }
        if (!Files.isWritable(ancestor)) {
            throw new IllegalArgumentException(option + " " + target + ": cannot create it, " + ancestor + " is not writable");
        }
    }
}
