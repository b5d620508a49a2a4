package org.fer4j.spark;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point: {@code SparkAnalyzeJob --out DIR [options] INPUT...}; the master, executors
 * and resources come from {@code spark-submit}. Options: {@code --segment-seconds N} (default 60; 0 = whole videos),
 * {@code --image-batch N} (32), {@code --video-limit-seconds N} (only each video's first N s), {@code --detector default|fast|tutorial|lbp|yunet}, {@code --yunet-model FILE},
 * {@code --engine onnxruntime|pytorch}, {@code --float} (the float graph instead of int8 on ONNX Runtime),
 * {@code --model DIR}, {@code --smoothing mode:N|ema:A}, {@code --task-threads N} (1), {@code --retry-errors}.
 */
public final class SparkAnalyzeJob {
    private SparkAnalyzeJob() {
    }

    /** @param args see the class comment */
    public static void main(String[] args) {
        AnalysisSettings s = AnalysisSettings.defaults();
        String out = null;
        boolean retry = false;
        String detector = s.detector();
        String yunet = null;
        String engine = s.engine();
        boolean int8 = s.int8();
        String model = null;
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--out" -> out = value(args, ++i, a);
                case "--segment-seconds" -> s = s.withSegmentMs(Math.round(Double.parseDouble(value(args, ++i, a)) * 1000));
                case "--video-limit-seconds" -> s = s.withVideoLimitMs(Math.round(Double.parseDouble(value(args, ++i, a)) * 1000));
                case "--image-batch" -> s = s.withImageBatch(Integer.parseInt(value(args, ++i, a)));
                case "--detector" -> detector = value(args, ++i, a);
                case "--yunet-model" -> yunet = value(args, ++i, a);
                case "--engine" -> engine = value(args, ++i, a);
                case "--float" -> int8 = false;
                case "--model" -> model = value(args, ++i, a);
                case "--smoothing" -> s = s.withSmoothing(value(args, ++i, a));
                case "--task-threads" -> s = s.withTaskThreads(Integer.parseInt(value(args, ++i, a)));
                case "--retry-errors" -> retry = true;
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    inputs.add(a);
                }
            }
        }
        if (out == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("usage: SparkAnalyzeJob --out DIR [options] INPUT...");
        }
        s = s.withDetector(detector, yunet).withClassifier(engine, int8 && engine.equalsIgnoreCase("onnxruntime"), model);
        SparkSession spark = SparkSession.builder().appName("fer-spark analyze").getOrCreate();
        try {
            SparkAnalyzer.Report r = SparkAnalyzer.builder().optSettings(s).optRetryErrors(retry).build().run(spark, inputs, out);
            System.out.println(describe(r, out));
        } finally {
            spark.stop();
        }
    }

    /** @param r a run's report @param out its output folder @return the lines a person reads after a run */
    public static String describe(SparkAnalyzer.Report r, String out) {
        return String.format(java.util.Locale.ROOT, "%d work units: %d run now, %d complete from an earlier run%n"
                + "%d frames, %d faces, %d files in error in %.1f s (analysis %.1f s, %.1f frames/s)%n"
                + "wrote %s/faces, %s/summary, %s/errors", r.units(), r.computed(), r.skipped(), r.frames(), r.faces(), r.errors(),
                r.seconds(), r.analysisSeconds(), r.framesPerSecond(), out, out, out);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
