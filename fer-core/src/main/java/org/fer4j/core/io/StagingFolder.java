package org.fer4j.core.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.fer4j.core.FerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hidden folder inside an output folder where a run writes all its files; {@link #commit} moves each into place
 * when the run succeeded, and {@link #close} removes what is left. The folder is also removed when the JVM is stopped
 * (Ctrl-C, SIGTERM), and one left by a killed process ({@code kill -9}) is removed by the next run in the same output
 * folder, since its name carries the process id.
 */
public final class StagingFolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StagingFolder.class);
    private static final String PREFIX = ".fer-staging-";
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(AtomicOutput::deleteTree), "fer4j-staging-cleanup"));
    }

    private final Path outDir;
    private final Path dir;
    private final boolean createdOutDir;
    private boolean committed;

    private StagingFolder(Path outDir, Path dir, boolean createdOutDir) {
        this.outDir = outDir;
        this.dir = dir;
        this.createdOutDir = createdOutDir;
    }

    /**
     * Creates the output folder if needed, removes staging folders of dead processes in it, and creates this run's.
     *
     * @param outDir the output folder
     * @return the staging folder; close it
     * @throws FerException naming the folder and the reason when it cannot be created or written
     */
    public static StagingFolder in(Path outDir) {
        boolean created = !Files.exists(outDir);
        try {
            Files.createDirectories(outDir);
        } catch (FileAlreadyExistsException e) {
            throw new FerException(outDir + ": cannot be used as output folder: a file of that name exists");
        } catch (IOException e) {
            throw new FerException(outDir + ": cannot create the output folder: " + reason(e), e);
        }
        removeStale(outDir);
        long pid = ProcessHandle.current().pid();
        Path dir = outDir.resolve(PREFIX + pid + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new FerException(outDir + ": cannot write into the output folder: " + reason(e), e);
        }
        LIVE.add(dir);
        return new StagingFolder(outDir, dir, created);
    }

    /** @return the folder to write into */
    public Path dir() {
        return dir;
    }

    /**
     * Moves a staged file or folder into the output folder, replacing what is there under that name.
     *
     * @param name the entry's name inside the staging folder
     * @return its path in the output folder
     * @throws FerException when the move fails
     */
    public Path commit(String name) {
        Path from = dir.resolve(name);
        Path to = outDir.resolve(name);
        try {
            if (Files.isDirectory(to) && !Files.isSymbolicLink(to)) {
                AtomicOutput.deleteTree(to);
            }
            AtomicOutput.move(from, to);
            committed = true;
            return to;
        } catch (IOException e) {
            throw new FerException(to + ": cannot move the finished output into place: " + reason(e), e);
        }
    }

    /** Removes the staging folder and whatever was not committed, and the output folder if this run made it for nothing. */
    @Override
    public void close() {
        AtomicOutput.deleteTree(dir);
        LIVE.remove(dir);
        if (createdOutDir && !committed) {
            try {
                Files.deleteIfExists(outDir);
            } catch (IOException e) {
                // not empty (another process wrote there meanwhile) or already gone: leave it
                LOG.debug("kept {}: {}", outDir, e.toString());
            }
        }
    }

    private static void removeStale(Path outDir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(outDir, PREFIX + "*")) {
            for (Path p : s) {
                String rest = p.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                LOG.info("removing {}, left by process {} which was stopped before it finished", p, pid);
                AtomicOutput.deleteTree(p);
            }
        } catch (IOException e) {
            LOG.debug("cannot list {} for stale staging folders: {}", outDir, e.toString());
        }
    }

    /** @return what went wrong in words: NIO's exceptions carry the path as message and the reason in their type */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "a parent folder does not exist";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
