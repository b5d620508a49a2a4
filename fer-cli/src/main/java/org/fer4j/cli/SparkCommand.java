package org.fer4j.cli;

import java.util.List;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.fer4j.spark.AnalysisSettings;
import org.fer4j.spark.SparkAnalyzeJob;
import org.fer4j.spark.SparkAnalyzer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fer spark}: the Spark job, here in local mode; on a cluster submit {@code org.fer4j.spark.SparkAnalyzeJob}. */
@Command(name = "spark", description = "Analyze image and video archives with Apache Spark.", mixinStandardHelpOptions = true,
        subcommands = {SparkCommand.Analyze.class})
final class SparkCommand {
    private SparkCommand() {
    }

    /** {@code fer spark analyze INPUT... --out DIR}. */
    @Command(name = "analyze", mixinStandardHelpOptions = true, description = {
        "Faces and expressions of images and videos (files, folders, globs; any Hadoop file system URI) on Spark.",
        "Writes Parquet tables under --out: faces/, summary/, errors/ (and units/, the record of finished work).",
        "A rerun skips finished work: delete a source's parts to analyze it again."})
    static final class Analyze implements Callable<Integer> {
        @Parameters(arity = "1..*", description = "images, videos, folders (searched recursively) or glob patterns")
        List<String> inputs;

        @Option(names = "--out", required = true, description = "output folder (local path or Hadoop URI)")
        String out;

        @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default ${DEFAULT-VALUE}: every core of this machine)")
        String master;

        @Option(names = "--segment-seconds", defaultValue = "60", description = "cut videos into segments of this length, analyzed "
                + "in parallel; tracks and smoothing restart at each (default ${DEFAULT-VALUE}; 0: whole videos)")
        double segmentSeconds;

        @Option(names = "--video-limit-seconds", defaultValue = "0", description = "analyze only the first N seconds of each video (0: all)")
        double videoLimitSeconds;

        @Option(names = "--image-batch", defaultValue = "32", description = "images per work unit (default ${DEFAULT-VALUE})")
        int imageBatch;

        @Mixin
        DetectorOptions detector;

        @Option(names = "--engine", defaultValue = "onnxruntime", description = "onnxruntime or pytorch (default ${DEFAULT-VALUE})")
        String engine;

        @Option(names = "--float", description = "the model's float graph instead of its int8 graph (ONNX Runtime)")
        boolean floatGraph;

        @Option(names = "--model", description = "model folder (default: the bundled model)")
        String model;

        @Option(names = "--smoothing", description = "per-face smoothing as for fer analyze: ema:A, mean:N or mode:N (default ema:0.3)")
        String smoothing;

        @Option(names = "--task-threads", defaultValue = "1", description = "threads each Spark task gives OpenCV and ONNX Runtime "
                + "(default ${DEFAULT-VALUE}: the task slots are the parallelism; 0: the libraries' defaults)")
        int taskThreads;

        @Option(names = "--retry-errors", description = "analyze again the files that failed in an earlier run")
        boolean retryErrors;

        @Override
        public Integer call() {
            AnalysisSettings s = AnalysisSettings.defaults()
                    .withDetector(detector.name, detector.yunetModel == null ? null : detector.yunetModel.toString())
                    .withClassifier(engine, !floatGraph && engine.equalsIgnoreCase("onnxruntime"), model);
            if (smoothing != null) {
                s = s.withSmoothing(smoothing);
            }
            s = s.withSegmentMs(Math.round(segmentSeconds * 1000)).withImageBatch(imageBatch)
                    .withVideoLimitMs(Math.round(videoLimitSeconds * 1000)).withTaskThreads(taskThreads);
            // Spark logs every stage at info; this command prints its own summary
            for (String quiet : List.of("org.apache.spark", "org.apache.hadoop", "org.sparkproject", "org.apache.parquet", "ai.djl")) {
                System.setProperty("org.slf4j.simpleLogger.log." + quiet, System.getProperty("org.slf4j.simpleLogger.log." + quiet, "error"));
            }
            SparkSession spark = SparkSession.builder().master(master).appName("fer spark analyze").config("spark.ui.enabled", "false").getOrCreate();
            try {
                SparkAnalyzer.Report r = SparkAnalyzer.builder().optSettings(s).optRetryErrors(retryErrors).build().run(spark, inputs, out);
                System.out.println(SparkAnalyzeJob.describe(r, out));
            } finally {
                spark.stop();
            }
            return 0;
        }
    }
}
