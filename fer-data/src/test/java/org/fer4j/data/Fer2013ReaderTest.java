package org.fer4j.data;

import static org.fer4j.data.CsvFixtures.HEADER;
import static org.fer4j.data.CsvFixtures.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.fer4j.core.Emotion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Fer2013ReaderTest {
    @TempDir
    Path dir;

    private String failure(Path file) {
        return assertThrows(FerDataException.class, () -> Fer2013Reader.strict().read(file, r -> { })).getMessage();
    }

    @Test
    void readsRowsInOrderWithTheirSplit() throws IOException {
        Path f = CsvFixtures.write(dir, "ok.csv", HEADER, row(3, 1, "Training"), row(0, 2, "PublicTest"), row(6, 3, "PrivateTest"));
        List<Fer2013Row> rows = new ArrayList<>();
        ReadReport r = Fer2013Reader.strict().read(f, rows::add);
        assertEquals(3, r.rowsAccepted());
        assertEquals(List.of(Emotion.HAPPY, Emotion.ANGRY, Emotion.NEUTRAL), rows.stream().map(Fer2013Row::emotion).toList());
        assertEquals(List.of(Usage.TRAINING, Usage.PUBLIC_TEST, Usage.PRIVATE_TEST), rows.stream().map(Fer2013Row::usage).toList());
        assertEquals(List.of(2L, 3L, 4L), rows.stream().map(Fer2013Row::line).toList());
        assertEquals((1 + 7 * 5) % 256, rows.get(0).image().get(5));
    }

    @Test
    void gzipAndPlainGiveTheSameRows() throws IOException {
        String[] lines = {HEADER, row(1, 5, "Training"), row(2, 9, "Training")};
        Path plain = CsvFixtures.write(dir, "a.csv", lines);
        Path gz = CsvFixtures.writeGzip(dir, "a.csv.gz", lines);
        List<Fer2013Row> a = new ArrayList<>();
        List<Fer2013Row> b = new ArrayList<>();
        Fer2013Reader.strict().read(plain, a::add);
        Fer2013Reader.strict().read(gz, b::add);
        assertEquals(a, b);
    }

    @Test
    void crlfLineEndsAreAccepted() throws IOException {
        Path f = dir.resolve("crlf.csv");
        Files.writeString(f, HEADER + "\r\n" + row(4, 0, "Training") + "\r\n");
        assertEquals(1, Fer2013Reader.strict().read(f, r -> { }).rowsAccepted());
    }

    @Test
    void usageFilterKeepsOnlyTheAskedSplit() throws IOException {
        Path f = CsvFixtures.write(dir, "mix.csv", HEADER, row(3, 1, "Training"), row(0, 2, "PublicTest"), row(6, 3, "PublicTest"));
        ReadReport r = Fer2013Reader.builder().optUsages(Usage.PUBLIC_TEST).build().read(f, x -> { });
        assertEquals(2, r.rowsAccepted());
        assertEquals(1, r.rowsFiltered());
        assertEquals(3, r.rowsRead());
    }

    @Test
    void wrongPixelCountNamesFileLineAndCount() throws IOException {
        String shortRow = row(3, 1, "Training").replaceFirst(" \\d+,Training$", ",Training");
        Path f = CsvFixtures.write(dir, "fer2013.csv", HEADER, row(3, 1, "Training"), shortRow);
        assertEquals("fer2013.csv line 3: expected 2304 pixels, found 2303", failure(f));
    }

    @Test
    void tooManyPixels() throws IOException {
        Path f = CsvFixtures.write(dir, "long.csv", HEADER, row(3, 1, "Training").replace(",Training", " 7,Training"));
        assertEquals("long.csv line 2: expected 2304 pixels, found 2305", failure(f));
    }

    @Test
    void aHugePixelValueIsReportedAsWritten() throws IOException {
        Path f = CsvFixtures.write(dir, "huge.csv", HEADER, row(1, 5, "Training"),
                "2," + CsvFixtures.pixels(0).replaceFirst("^0 7 14 ", "0 7 99999999999999999999 ") + ",Training");
        assertEquals("huge.csv line 3: pixel 2 is 99999999999999999999, outside 0..255", failure(f));
    }

    @Test
    void anOverlongLineFailsFastNamingFileAndLine() throws IOException {
        // 256 MB of digits without a line end compress to about 250 KB: the reader must stop at its line limit, not
        // buffer the line (it grew to twice the line's size before) or overflow an array index
        Path gz = dir.resolve("bomb.csv.gz");
        byte[] digits = new byte[1 << 20];
        Arrays.fill(digits, (byte) '1');
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
            out.write((HEADER + "\n" + row(1, 5, "Training") + "\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 256; i++) {
                out.write(digits);
            }
        }
        assertEquals("bomb.csv.gz line 3: line longer than 65536 bytes (a FER2013 row is at most about 9.3 KB): not a FER2013 or FER+ CSV,"
                + " or a corrupt file", failure(gz));
        // the limit holds for a skipping reader too: a line that long is not a row to skip but a wrong file
        FerDataException e = assertThrows(FerDataException.class,
                () -> Fer2013Reader.builder().optSkipPolicy(SkipPolicy.SKIP).build().read(gz, r -> { }));
        assertTrue(e.getMessage().startsWith("bomb.csv.gz line 3: line longer than"), e.getMessage());
    }

    @Test
    void pixelOutsideRange() throws IOException {
        String bad = "2," + CsvFixtures.pixels(0).replaceFirst("^0 7 ", "0 256 ") + ",Training";
        Path f = CsvFixtures.write(dir, "range.csv", HEADER, bad);
        assertEquals("range.csv line 2: pixel 1 is 256, outside 0..255", failure(f));
        Path g = CsvFixtures.write(dir, "neg.csv", HEADER, "2," + CsvFixtures.pixels(0).replaceFirst("^0 7 ", "0 -3 ") + ",Training");
        assertEquals("neg.csv line 2: pixel 1 is -3, outside 0..255", failure(g));
    }

    @Test
    void nonNumericPixel() throws IOException {
        Path f = CsvFixtures.write(dir, "nan.csv", HEADER, "2," + CsvFixtures.pixels(0).replaceFirst("^0 7 ", "0 7x ") + ",Training");
        assertEquals("nan.csv line 2: pixel 1 is '7x', not an integer 0..255", failure(f));
    }

    @Test
    void labelOutsideRange() throws IOException {
        Path f = CsvFixtures.write(dir, "label.csv", HEADER, row(0, 0, "Training"), row(7, 0, "Training"));
        assertEquals("label.csv line 3: emotion label 7 outside 0..6", failure(f));
        Path g = CsvFixtures.write(dir, "label2.csv", HEADER, "x," + CsvFixtures.pixels(0) + ",Training");
        assertEquals("label2.csv line 2: emotion 'x' is not an integer label 0..6", failure(g));
    }

    @Test
    void missingColumn() throws IOException {
        Path f = CsvFixtures.write(dir, "cols.csv", HEADER, "3," + CsvFixtures.pixels(0));
        assertEquals("cols.csv line 2: expected 3 columns (emotion,pixels,Usage), found 2", failure(f));
    }

    @Test
    void headerWithoutUsage() throws IOException {
        Path f = CsvFixtures.write(dir, "hdr.csv", "emotion,pixels", "3," + CsvFixtures.pixels(0));
        assertEquals("hdr.csv line 1: header must name the columns emotion, pixels and Usage, found 'emotion,pixels'", failure(f));
    }

    @Test
    void unknownUsage() throws IOException {
        Path f = CsvFixtures.write(dir, "usage.csv", HEADER, row(3, 0, "Validation"));
        assertEquals("usage.csv line 2: unknown Usage 'Validation' (expected Training, PublicTest or PrivateTest)", failure(f));
    }

    @Test
    void emptyAndMissingFiles() throws IOException {
        Path f = dir.resolve("empty.csv");
        Files.createFile(f);
        assertEquals("empty.csv line 1: empty file: expected the header emotion,pixels,Usage", failure(f));
        assertEquals(dir.resolve("nope.csv") + ": file not found", failure(dir.resolve("nope.csv")));
    }

    @Test
    void truncatedGzipFailsEvenUnderSkipPolicy() throws IOException {
        String[] lines = new String[41];
        lines[0] = HEADER;
        for (int i = 1; i < lines.length; i++) {
            lines[i] = row(i % 7, i * 13, "Training");
        }
        Path whole = CsvFixtures.writeGzip(dir, "whole.csv.gz", lines);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        String msg = failure(cut);
        assertEquals(true, msg.startsWith("cut.csv.gz line "), msg);
        assertEquals(true, msg.contains(": truncated gzip stream: the file ends inside compressed data after "), msg);
        Fer2013Reader lenient = Fer2013Reader.builder().optSkipPolicy(SkipPolicy.SKIP).build();
        assertThrows(FerDataException.class, () -> lenient.read(cut, r -> { }));
    }

    @Test
    void skipPolicyCountsEveryBadRowByReason() throws IOException {
        Path f = CsvFixtures.write(dir, "dirty.csv", HEADER,
                row(3, 1, "Training"),
                row(9, 1, "Training"),
                "3," + CsvFixtures.pixels(0),
                row(3, 1, "Nope"),
                row(2, 1, "Training"));
        List<Fer2013Row> rows = new ArrayList<>();
        ReadReport r = Fer2013Reader.builder().optSkipPolicy(SkipPolicy.SKIP).build().read(f, rows::add);
        assertEquals(2, rows.size());
        assertEquals(5, r.rowsRead());
        assertEquals(3, r.rowsSkipped());
        assertEquals(Map.of("label out of range", 1L, "wrong column count", 1L, "unknown usage", 1L), r.skippedByReason());
        assertArrayEquals(new long[] {2, 6}, new long[] {rows.get(0).line(), rows.get(1).line()});
    }
}
