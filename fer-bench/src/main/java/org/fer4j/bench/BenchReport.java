package org.fer4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Turns a JMH JSON result file of this suite into markdown tables: classifier (per call, per face, faces/s), detector,
 * hot path (with faces per frame from the benchmarks' counters), the tutorial-vs-fer4j side-by-side as ratios, and the
 * training step (images/s). Rows are only what the file holds; nothing is filled in.
 */
final class BenchReport {
    /** Machine description the suite writes beside its JSON. */
    static final String MACHINE_FILE = "machine.txt";

    private BenchReport() {
    }

    /** One result row: benchmark class, parameters, score in the file's unit. */
    private record Row(String benchmark, Map<String, String> params, double score, double error, String unit, double faces,
            double frames, JsonObject head) {
        String p(String k) {
            return params.getOrDefault(k, "");
        }

        /** @return the score in milliseconds */
        double ms() {
            return toMs(score, unit);
        }

        double errMs() {
            return toMs(error, unit);
        }

        /** @return faces per frame from the counters, or NaN */
        double facesPerFrame() {
            return frames > 0 ? faces / frames : Double.NaN;
        }
    }

    static String describeMachine(String mode, double minutes) {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux: the core count and OS still describe the machine
        }
        return String.format(Locale.ROOT, "%s, %d cores seen by the JVM, %s %s; Java %s; %s run of %s, %.1f minutes",
                cpu, Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"), mode,
                LocalDate.now(), minutes);
    }

    static String markdown(Path json) throws IOException {
        List<Row> rows = read(json);
        StringBuilder md = new StringBuilder();
        Path machine = json.resolveSibling(MACHINE_FILE);
        md.append("Machine: ").append(Files.isRegularFile(machine) ? Files.readString(machine).trim() : "not recorded").append(".\n");
        if (!rows.isEmpty()) {
            JsonObject h = rows.get(0).head();
            md.append(String.format(Locale.ROOT, "JMH %s, %s %s; %d fork(s), warm-up %d x %s, measurement %d x %s (training step: as in the JSON); "
                    + "+- is JMH's 99.9%% confidence half-width.%n%n", h.get("jmhVersion").getAsString(), h.get("vmName").getAsString(),
                    h.get("vmVersion").getAsString(), h.get("forks").getAsInt(), h.get("warmupIterations").getAsInt(),
                    h.get("warmupTime").getAsString(), h.get("measurementIterations").getAsInt(), h.get("measurementTime").getAsString()));
        }
        classifier(md, rows);
        detector(md, rows);
        hotPath(md, rows);
        sideBySide(md, rows);
        trainStep(md, rows);
        return md.toString();
    }

    private static void classifier(StringBuilder md, List<Row> rows) {
        List<Row> r = select(rows, "ClassifierBenchmark", x -> true);
        if (r.isEmpty()) {
            return;
        }
        md.append("### Classifier alone (PublicTest faces, preprocessing + inference + soft-max)\n\n");
        md.append("| model | engine | device | ORT threads | batch | ms per call | ms per face | faces/s |\n|---|---|---|---|---|---|---|---|\n");
        for (Row x : r) {
            int batch = Integer.parseInt(x.p("batch"));
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %.3f | %,.0f |%n", model(x.p("model")), x.p("engine"),
                    x.p("device"), x.p("engine").equals("pytorch") ? "-" : x.p("threads"), batch, msErr(x), x.ms() / batch, batch * 1000 / x.ms()));
        }
        md.append('\n');
    }

    private static void detector(StringBuilder md, List<Row> rows) {
        List<Row> r = select(rows, "DetectorBenchmark", x -> true);
        if (r.isEmpty()) {
            return;
        }
        md.append("### Detector alone (640x480 frame)\n\n| detector | frame | faces found | ms per frame |\n|---|---|---|---|\n");
        for (Row x : r) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", x.p("detector"), x.p("photo"), faces(x), msErr(x)));
        }
        md.append('\n');
    }

    private static void hotPath(StringBuilder md, List<Row> rows) {
        List<Row> r = select(rows, "HotPathBenchmark", x -> true);
        if (r.isEmpty()) {
            return;
        }
        md.append("### Hot path: detect + crop + classify a 640x480 frame\n\n");
        md.append("`pipeline` is detector/model/calls; tutorial = tutorial/seed-cnn/per-face, fer4j = fast+roi/default/per-frame "
                + "(+roi: full scan every 10th frame, region scans around known faces in between). "
                + "A photo's frame is repeated, as a still scene in front of a camera; `video:` rows cycle through a clip's frames in order, "
                + "and `faces` is then the mean per frame.\n\n");
        md.append("| pipeline | engine | device | frame | faces | ms per frame | frames/s |\n|---|---|---|---|---|---|---|\n");
        for (Row x : r) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.1f |%n", x.p("pipeline"), x.p("engine"), x.p("device"),
                    x.p("photo"), faces(x), msErr(x), 1000 / x.ms()));
        }
        md.append('\n');
    }

    private static void sideBySide(StringBuilder md, List<Row> rows) {
        Map<String, Row> tutorialPt = new TreeMap<>();
        Map<String, Row> ours = new TreeMap<>();
        for (Row x : select(rows, "HotPathBenchmark", x -> x.p("device").equals("cpu"))) {
            if (x.p("pipeline").equals("tutorial") && x.p("engine").equals("pytorch")) {
                tutorialPt.put(x.p("photo"), x);
            } else if (x.p("pipeline").equals("fer4j") && x.p("engine").equals("onnxruntime")) {
                ours.put(x.p("photo"), x);
            }
        }
        if (tutorialPt.isEmpty() || ours.isEmpty()) {
            return;
        }
        md.append("### Side by side: the tutorial's choices (Haar 1.3/5 full resolution, seed-cnn, PyTorch, one face at a time) "
                + "vs fer4j's live settings (fast Haar + region scans, bundled fer-net, ONNX Runtime, one batch per frame), same run, CPU\n\n");
        md.append("| frame | faces (tutorial / fer4j) | tutorial ms | fer4j ms | tutorial / fer4j |\n|---|---|---|---|---|\n");
        for (var e : tutorialPt.entrySet()) {
            Row o = ours.get(e.getKey());
            if (o == null) {
                continue;
            }
            Row t = e.getValue();
            md.append(String.format(Locale.ROOT, "| %s | %s / %s | %.2f | %.2f | %.2fx |%n", e.getKey(), faces(t), faces(o), t.ms(), o.ms(),
                    t.ms() / o.ms()));
        }
        md.append('\n');
    }

    private static void trainStep(StringBuilder md, List<Row> rows) {
        List<Row> r = select(rows, "TrainStepBenchmark", x -> true);
        if (r.isEmpty()) {
            return;
        }
        md.append("### Training step (forward + loss + backward + SGD update, PyTorch)\n\n");
        md.append("| architecture | device | batch | ms per step | images/s |\n|---|---|---|---|---|\n");
        for (Row x : r) {
            int batch = Integer.parseInt(x.p("batch"));
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.0f |%n", x.p("architecture"), x.p("device"), batch, msErr(x),
                    batch * 1000 / x.ms()));
        }
        md.append('\n');
    }

    private static List<Row> read(Path json) throws IOException {
        JsonArray arr = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonArray();
        List<Row> rows = new ArrayList<>();
        for (JsonElement el : arr) {
            JsonObject o = el.getAsJsonObject();
            String bench = o.get("benchmark").getAsString();
            String[] parts = bench.split("\\.");
            Map<String, String> params = new TreeMap<>();
            if (o.has("params")) {
                o.getAsJsonObject("params").entrySet().forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
            }
            JsonObject pm = o.getAsJsonObject("primaryMetric");
            double err = pm.get("scoreError").isJsonPrimitive() && pm.get("scoreError").getAsJsonPrimitive().isNumber()
                    ? pm.get("scoreError").getAsDouble() : Double.NaN;
            double faces = secondary(o, "faces").orElse(Double.NaN);
            double frames = secondary(o, "frames").orElse(Double.NaN);
            rows.add(new Row(parts[parts.length - 2], params, pm.get("score").getAsDouble(), err, pm.get("scoreUnit").getAsString(),
                    faces, frames, o));
        }
        return rows;
    }

    private static Optional<Double> secondary(JsonObject o, String name) {
        JsonObject s = o.getAsJsonObject("secondaryMetrics");
        if (s == null || !s.has(name)) {
            return Optional.empty();
        }
        return Optional.of(s.getAsJsonObject(name).get("score").getAsDouble());
    }

    private static List<Row> select(List<Row> rows, String benchmark, Predicate<Row> p) {
        return rows.stream().filter(r -> r.benchmark().equals(benchmark) && p.test(r)).toList();
    }

    private static String model(String m) {
        if (m.equals(BenchData.DEFAULT_MODEL)) {
            return "bundled fer-net";
        }
        return m.equals(BenchData.DEFAULT_MODEL + BenchData.INT8) ? "bundled fer-net, int8" : m + " (random weights)";
    }

    private static String faces(Row x) {
        double f = x.facesPerFrame();
        return Double.isNaN(f) ? "?" : String.format(Locale.ROOT, f == Math.rint(f) ? "%.0f" : "%.1f", f);
    }

    private static String msErr(Row x) {
        return Double.isNaN(x.errMs()) ? String.format(Locale.ROOT, "%.3f", x.ms())
                : String.format(Locale.ROOT, "%.3f +- %.3f", x.ms(), x.errMs());
    }

    private static double toMs(double v, String unit) {
        return switch (unit) {
            case "ns/op" -> v / 1e6;
            case "us/op" -> v / 1e3;
            case "ms/op" -> v;
            case "s/op" -> v * 1e3;
            default -> throw new IllegalArgumentException("unexpected JMH unit " + unit + " (the suite uses average time)");
        };
    }
}
