package org.fer4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a text file line by line as raw bytes, transparently un-gzipping when the file starts with the gzip
 * magic number. Works on bytes rather than {@code String}s because FER2013 rows are 8 KB of digits and
 * decoding them as text is most of the cost of reading the set.
 *
 * <p>A line may be at most {@link #MAX_LINE_BYTES} long: a FER2013 row is at most about 9.3 KB (2,304 pixels of up to
 * three digits and a space, a label and a usage), so a longer line means the file is not a FER2013 CSV or is corrupt,
 * and reading on would cost memory in proportion to the file (a 2.5 GB line fits in a 10 MB gzip file).
 */
final class LineSource implements AutoCloseable {
    /** The longest line accepted, in bytes without its line end: 64 KiB, seven times the longest FER2013 row. */
    static final int MAX_LINE_BYTES = 1 << 16;
    private final String name;
    private final InputStream in;
    private final byte[] chunk = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[16384];
    private int length;
    private long lineNumber;

    LineSource(Path file) {
        this.name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new FerDataException(file.toString(), 0, Files.exists(file) ? "not a regular file" : "file not found");
        }
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            this.in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
        } catch (IOException e) {
            throw new FerDataException(name, 0, "cannot open: " + e.getMessage(), e);
        }
    }

    /** @return file name for messages */
    String name() {
        return name;
    }

    /** @return 1-based number of the line last returned by {@link #next()} */
    long lineNumber() {
        return lineNumber;
    }

    /** @return the bytes of the current line (valid up to {@link #length()}) */
    byte[] line() {
        return line;
    }

    /** @return length of the current line without its line end */
    int length() {
        return length;
    }

    /**
     * Advances to the next line.
     *
     * @return false at end of file
     */
    boolean next() {
        length = 0;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!any) {
                    return false;
                }
                break;
            }
            any = true;
            int start = pos;
            while (pos < limit && chunk[pos] != '\n') {
                pos++;
            }
            append(start, pos - start);
            if (pos < limit) {
                pos++; // the '\n'
                break;
            }
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        lineNumber++;
        return true;
    }

    private void append(int start, int n) {
        if (length + n > MAX_LINE_BYTES) {
            throw new FerDataException(name, lineNumber + 1, "line longer than " + MAX_LINE_BYTES
                    + " bytes (a FER2013 row is at most about 9.3 KB): not a FER2013 or FER+ CSV, or a corrupt file");
        }
        if (length + n > line.length) {
            byte[] bigger = new byte[Math.min(MAX_LINE_BYTES, Math.max(line.length * 2, length + n))];
            System.arraycopy(line, 0, bigger, 0, length);
            line = bigger;
        }
        System.arraycopy(chunk, start, line, length, n);
        length += n;
    }

    private boolean fill() {
        try {
            int n = in.read(chunk, 0, chunk.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        } catch (EOFException e) {
            throw new FerDataException(name, lineNumber + 1, "truncated gzip stream: the file ends inside compressed data after "
                    + lineNumber + " complete lines", e);
        } catch (ZipException e) {
            throw new FerDataException(name, lineNumber + 1, "corrupt gzip stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FerDataException(name, lineNumber + 1, "read failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was written; a failed close of an input loses nothing
        }
    }
}
