package org.fer4j.data;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import org.fer4j.core.FaceImage;
import org.fer4j.core.io.AtomicOutput;

/**
 * Writes FER2013 CSV in the canonical layout: header {@code emotion,pixels,Usage}, {@code \n} line ends,
 * pixels as decimal integers separated by one space. Reading a canonical file and writing its rows back gives the
 * same bytes. A name ending in {@code .gz} is gzipped. The file appears only when complete.
 */
public final class Fer2013Writer {
    private static final byte[] HEADER = "emotion,pixels,Usage\n".getBytes(StandardCharsets.US_ASCII);

    private Fer2013Writer() {
    }

    /**
     * @param file the file to create or replace
     * @param rows the rows, written in order
     */
    public static void write(Path file, Iterable<Fer2013Row> rows) {
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        AtomicOutput.writeFile(file, raw -> {
            OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
            BufferedOutputStream buf = new BufferedOutputStream(out, 1 << 16);
            buf.write(HEADER);
            byte[] line = new byte[FaceImage.PIXELS * 4 + 64];
            for (Fer2013Row r : rows) {
                int n = encode(r, line);
                buf.write(line, 0, n);
            }
            buf.flush();
            if (out instanceof GZIPOutputStream g) {
                g.finish();
            }
        });
    }

    /**
     * Writes every row of a store.
     *
     * @param file the file to create or replace
     * @param store the faces with their splits
     */
    public static void write(Path file, FaceStore store) {
        write(file, store.rows());
    }

    private static int encode(Fer2013Row r, byte[] out) {
        int n = 0;
        out[n++] = (byte) ('0' + r.emotion().index());
        out[n++] = ',';
        FaceImage img = r.image();
        for (int i = 0; i < FaceImage.PIXELS; i++) {
            if (i > 0) {
                out[n++] = ' ';
            }
            int v = img.get(i);
            if (v >= 100) {
                out[n++] = (byte) ('0' + v / 100);
                out[n++] = (byte) ('0' + v / 10 % 10);
            } else if (v >= 10) {
                out[n++] = (byte) ('0' + v / 10);
            }
            out[n++] = (byte) ('0' + v % 10);
        }
        out[n++] = ',';
        byte[] u = r.usage().csvName().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(u, 0, out, n, u.length);
        n += u.length;
        out[n++] = '\n';
        return n;
    }

}
