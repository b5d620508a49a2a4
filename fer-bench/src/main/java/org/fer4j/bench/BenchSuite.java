package org.fer4j.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import ai.djl.engine.Engine;

/**
 * The documented benchmark suite: several JMH runs, each over the parameter combinations that answer one question,
 * merged into one JMH JSON file and summarised as a markdown table ({@link BenchReport}).
 *
 * <pre>
 * java -jar fer-bench/target/benchmarks.jar                 # full suite (about 10 minutes on 2 cores)
 * java -jar fer-bench/target/benchmarks.jar quick           # smoke run of every family (about 2 minutes)
 * java -jar fer-bench/target/benchmarks.jar report results/jmh.json   # markdown from a JSON file
 * java -jar fer-bench/target/benchmarks.jar jmh [JMH options]          # plain JMH command line
 * </pre>
 * Options before the mode: {@code --out <folder>} (default {@code bench-results}). GPU rows run only where DJL reports
 * a GPU to both engines; elsewhere the suite says it skipped them.
 */
public final class BenchSuite {
    private BenchSuite() {
    }

    /** One JMH run: a benchmark class and the parameter values to cross. */
    private record Run(String benchmark, Map<String, String[]> params) {
    }

    /**
     * @param args see the class comment
     * @throws Exception when JMH fails
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of("bench-results");
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        if (rest.size() >= 2 && rest.get(0).equals("--out")) {
            out = Path.of(rest.get(1));
            rest = rest.subList(2, rest.size());
        }
        String mode = rest.isEmpty() ? "suite" : rest.get(0);
        switch (mode) {
            case "suite", "quick" -> runSuite(mode.equals("quick"), out);
            case "report" -> {
                if (rest.size() != 2) {
                    usage("report needs one JMH JSON file");
                }
                System.out.print(BenchReport.markdown(Path.of(rest.get(1))));
            }
            case "jmh" -> org.openjdk.jmh.Main.main(rest.subList(1, rest.size()).toArray(new String[0]));
            default -> usage("unknown mode " + mode);
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java -jar benchmarks.jar [--out <folder>] [suite | quick | report <jmh.json> | jmh <JMH options>]");
        System.exit(2);
    }

    private static void runSuite(boolean quick, Path out) throws RunnerException, IOException {
        BenchData.dataDir();
        boolean gpu = gpuPresent();
        List<Run> runs = quick ? quickRuns() : fullRuns(gpu);
        Files.createDirectories(out);
        List<RunResult> results = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            System.out.printf("%n=== run %d/%d: %s %s (%.1f min so far)%n", i + 1, runs.size(), r.benchmark(), describe(r.params()),
                    (System.nanoTime() - t0) / 60e9);
            results.addAll(new Runner(options(r, quick)).run());
        }
        Path json = out.resolve("jmh.json");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, ps).writeOut(results);
        }
        // results get committed and shared: keep this machine's paths out of them
        String text = buf.toString(StandardCharsets.UTF_8).replace(BenchData.dataDir().toAbsolutePath().toString(), "<data>")
                .replace(System.getProperty("java.home"), "<java.home>");
        Files.writeString(json, text, StandardCharsets.UTF_8);
        Files.writeString(out.resolve(BenchReport.MACHINE_FILE), BenchReport.describeMachine(quick ? "quick" : "suite",
                (System.nanoTime() - t0) / 60e9), StandardCharsets.UTF_8);
        String md = BenchReport.markdown(json);
        Files.writeString(out.resolve("results.md"), md, StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(md);
        System.out.println("wrote " + json + " and " + out.resolve("results.md"));
    }

    private static boolean gpuPresent() {
        int pt = Engine.getEngine("PyTorch").getGpuCount();
        int ort = Engine.getEngine("OnnxRuntime").getGpuCount();
        if (pt == 0 || ort == 0) {
            System.out.printf("SKIPPED: device=gpu rows (DJL reports GPUs: PyTorch %d, OnnxRuntime %d); CPU rows only%n", pt, ort);
            return false;
        }
        return true;
    }

    private static ChainedOptionsBuilder base(boolean quick) {
        ChainedOptionsBuilder b = new OptionsBuilder().forks(1).shouldFailOnError(true);
        if (quick) {
            b.warmupIterations(1).warmupTime(TimeValue.milliseconds(500)).measurementIterations(2)
                    .measurementTime(TimeValue.milliseconds(500));
        } else {
            b.warmupIterations(2).warmupTime(TimeValue.seconds(1)).measurementIterations(5).measurementTime(TimeValue.seconds(1));
        }
        List<String> jvm = new ArrayList<>(List.of("-Xmx4g", "-Dai.djl.offline=true", "-Dfer.data.dir=" + BenchData.dataDir()));
        if (System.getProperty("fer.model") != null) {
            jvm.add("-Dfer.model=" + System.getProperty("fer.model"));
        }
        return b.jvmArgs(jvm.toArray(new String[0]));
    }

    private static org.openjdk.jmh.runner.options.Options options(Run r, boolean quick) {
        ChainedOptionsBuilder b = base(quick).include("\\." + r.benchmark() + "\\.");
        if (r.benchmark().equals("TrainStepBenchmark")) {
            // a step takes 0.1-1 s: longer iterations, fewer of them
            b = quick ? b.warmupIterations(1).warmupTime(TimeValue.seconds(1)).measurementIterations(1).measurementTime(TimeValue.seconds(1))
                    : b.warmupIterations(1).warmupTime(TimeValue.seconds(2)).measurementIterations(3).measurementTime(TimeValue.seconds(2));
        }
        for (var e : r.params().entrySet()) {
            b = b.param(e.getKey(), e.getValue());
        }
        return b.build();
    }

    private static String[] devices(boolean gpu) {
        return gpu ? new String[] {"cpu", "gpu"} : new String[] {"cpu"};
    }

    private static List<Run> fullRuns(boolean gpu) {
        String[] dev = devices(gpu);
        String[] photos = {"coffee.png", "obama.jpg", "two_people.jpg", "solvay-conference-1927.jpg@0.8", "video:short_hamilton_clip.mp4"};
        return List.of(
                new Run("ClassifierBenchmark", params("engine", of("pytorch", "onnxruntime"), "device", dev,
                        "batch", of("1", "8", "32", "128"), "model", of(BenchData.DEFAULT_MODEL))),
                new Run("ClassifierBenchmark", params("engine", of("pytorch", "onnxruntime"), "device", of("cpu"),
                        "batch", of("1", "128"), "model", of("fer-net-s", "seed-cnn"))),
                new Run("ClassifierBenchmark", params("engine", of("onnxruntime"), "device", of("cpu"), "batch", of("1", "8", "32", "128"),
                        "model", of("default-int8"))),
                new Run("ClassifierBenchmark", params("engine", of("onnxruntime"), "device", of("cpu"), "batch", of("1", "128"),
                        "model", of(BenchData.DEFAULT_MODEL), "threads", of("1", "2"))),
                new Run("DetectorBenchmark", params("detector", of("tutorial", "yunet", "haar", "fast", "haar+roi", "fast+roi", "lbp"),
                        "photo", of("obama.jpg", "solvay-conference-1927.jpg@0.8"))),
                new Run("HotPathBenchmark", params("pipeline", of("tutorial", "fer4j"), "engine", of("pytorch", "onnxruntime"),
                        "device", dev, "photo", photos)),
                new Run("HotPathBenchmark", params("pipeline", of("tutorial/default/per-face", "fast+roi/seed-cnn/per-frame",
                        "haar/default/per-frame", "haar+roi/default/per-frame", "fast/default/per-frame",
                        "fast+roi/fer-net-s/per-frame", "fast+roi/default-int8/per-frame", "yunet/default/per-frame",
                        "yunet/default-int8/per-frame"),
                        "engine", of("onnxruntime"), "device", of("cpu"), "photo", of("obama.jpg"))),
                new Run("TrainStepBenchmark", params("architecture", of("fer-net", "fer-net-s", "seed-cnn", "seed-vgg", "seed-resnet",
                        "seed-simple-cnn"), "batch", of("64"), "device", dev)));
    }

    private static List<Run> quickRuns() {
        return List.of(
                new Run("ClassifierBenchmark", params("engine", of("pytorch", "onnxruntime"), "device", of("cpu"),
                        "batch", of("1", "32"), "model", of(BenchData.DEFAULT_MODEL))),
                new Run("ClassifierBenchmark", params("engine", of("onnxruntime"), "device", of("cpu"), "batch", of("1"),
                        "model", of("default-int8"))),
                new Run("DetectorBenchmark", params("detector", of("tutorial", "yunet"), "photo", of("obama.jpg"))),
                new Run("HotPathBenchmark", params("pipeline", of("tutorial", "fer4j"), "engine", of("onnxruntime"),
                        "device", of("cpu"), "photo", of("obama.jpg"))),
                new Run("TrainStepBenchmark", params("architecture", of("fer-net-s"), "batch", of("64"), "device", of("cpu"))));
    }

    private static String[] of(String... v) {
        return v;
    }

    private static Map<String, String[]> params(Object... kv) {
        Map<String, String[]> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (String[]) kv[i + 1]);
        }
        return m;
    }

    private static String describe(Map<String, String[]> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> sb.append(k).append('=').append(String.join(",", v)).append(' '));
        return sb.toString().trim();
    }
}
