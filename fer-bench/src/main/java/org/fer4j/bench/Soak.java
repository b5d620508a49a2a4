package org.fer4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.fer4j.core.Detection;
import org.fer4j.core.io.AtomicOutput;
import org.fer4j.core.FaceImage;
import org.fer4j.core.pipeline.FrameResult;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.vision.AnalysisSummary;
import org.fer4j.vision.Analyzer;
import org.fer4j.vision.FaceCrops;
import org.fer4j.vision.FaceDetectors;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.FrameSources;
import org.fer4j.vision.YuNetFaceDetector;
import org.fer4j.vision.output.FrameSink;
import org.fer4j.vision.output.OutputContext;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The soak test of issue 47: the classifier, then the analyze loop, each over a million frames, with the process's
 * memory sampled every {@code --every} frames; prints a Markdown table. The analyze loop is fer analyze's own
 * ({@link Analyzer} with the default detector, the int8 classifier, tracking, smoothing, shot cuts, JSON lines, summary,
 * timeline and report; no annotated video, which would write gigabytes), fed with a clip's frames played forwards and
 * backwards without end, decoded once and kept in memory so that the run measures fer4j rather than the decoder.
 *
 * <p>Usage: {@code java -cp fer-bench/target/benchmarks.jar org.fer4j.bench.Soak [--frames N] [--every K]
 * [--clip FILE] [--width W] [--only classifier|analyze]}
 */
public final class Soak {
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Soak() {
    }

    /** @param args see the class comment @throws IOException when the work folder cannot be made */
    public static void main(String[] args) throws IOException {
        long frames = 1_000_000;
        long every = 100_000;
        Path clip = BenchData.dataDir().resolve("video/short_hamilton_clip.mp4");
        int width = 320;
        String only = "";
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--frames" -> frames = Long.parseLong(v);
                case "--every" -> every = Long.parseLong(v);
                case "--clip" -> clip = Path.of(v);
                case "--width" -> width = Integer.parseInt(v);
                case "--only" -> only = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: Soak [--frames N] [--every K] [--clip FILE] [--width W] [--only classifier|analyze]");
            }
        }
        List<Mat> clipFrames = decode(clip, width);
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "clip %s, %d frames at %dx%d, played forwards and backwards%n%n", clip.getFileName(),
                clipFrames.size(), clipFrames.get(0).cols(), clipFrames.get(0).rows());
        out.println("| loop | frames | faces | seconds | RSS MiB | heap used MiB (after GC) | RSS - heap committed MiB |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        if (!only.equals("analyze")) {
            classifierSoak(clipFrames, frames, every, out);
        }
        if (!only.equals("classifier")) {
            analyzeSoak(clipFrames, frames, every, out);
        }
        clipFrames.forEach(Mat::release);
    }

    /** The frames of the clip, scaled to {@code width} pixels wide. */
    private static List<Mat> decode(Path clip, int width) {
        List<Mat> out = new ArrayList<>();
        try (FrameSource src = FrameSources.open(clip.toString())) {
            for (FrameSource.Frame f = src.next(); f != null; f = src.next()) {
                Mat m = new Mat();
                double s = (double) width / f.image().cols();
                Imgproc.resize(f.image(), m, new Size(width, Math.round(f.image().rows() * s)), 0, 0, Imgproc.INTER_AREA);
                out.add(m);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(clip + ": no frames");
        }
        return out;
    }

    /** Classifies the clip's faces, one frame's faces per call as the analyze loop does, until {@code frames} calls. */
    private static void classifierSoak(List<Mat> clipFrames, long frames, long every, PrintStream out) {
        List<List<FaceImage>> perFrame = new ArrayList<>();
        try (YuNetFaceDetector detector = YuNetFaceDetector.builder().build(); FaceCrops crops = new FaceCrops()) {
            for (Mat m : clipFrames) {
                List<FaceImage> faces = new ArrayList<>();
                for (Detection d : detector.detect(m)) {
                    faces.add(crops.crop(m, d.box()));
                }
                if (!faces.isEmpty()) {
                    perFrame.add(faces);
                }
            }
        }
        if (perFrame.isEmpty()) {
            throw new IllegalStateException("the clip shows no face to classify");
        }
        long faces = 0;
        long t0 = System.nanoTime();
        try (DjlExpressionClassifier classifier = ExpressionClassifiers.builder().optInt8().optPoolSize(1).build()) {
            for (long i = 1; i <= frames; i++) {
                List<FaceImage> batch = perFrame.get((int) (i % perFrame.size()));
                faces += classifier.classifyAll(batch).size();
                if (i % every == 0) {
                    sample(out, "classifier", i, faces, t0);
                }
            }
        }
    }

    /** Runs the Analyzer on the looped clip and samples memory from a sink every {@code every} frames. */
    private static void analyzeSoak(List<Mat> clipFrames, long frames, long every, PrintStream out) throws IOException {
        Path work = Files.createTempDirectory("fer-soak");
        long t0 = System.nanoTime();
        try (DjlExpressionClassifier classifier = ExpressionClassifiers.builder().optInt8().build()) {
            Analyzer analyzer = Analyzer.builder(FaceDetectors.builder().build(), classifier)
                    .optAnnotate(false)
                    .optSink(() -> new Sampler(every, out, t0))
                    .build();
            Analyzer.Result r = analyzer.run(new LoopedSource(clipFrames, frames), work);
            out.printf(Locale.ROOT, "%nanalyze loop: %d frames, %d faces, %d tracks in %.0f s; outputs %s%n",
                    r.summary().frames(), r.summary().faces(), r.summary().tracks(), r.seconds(), r.files().keySet());
        } finally {
            AtomicOutput.deleteTree(work);
        }
    }

    private static void sample(PrintStream out, String loop, long frames, long faces, long t0) {
        System.gc();
        long heapUsed = MEMORY.getHeapMemoryUsage().getUsed();
        long heapCommitted = MEMORY.getHeapMemoryUsage().getCommitted();
        long rss = rssBytes();
        out.printf(Locale.ROOT, "| %s | %d | %d | %.0f | %.0f | %.1f | %.0f |%n", loop, frames, faces,
                (System.nanoTime() - t0) / 1e9, rss / 1048576.0, heapUsed / 1048576.0, (rss - heapCommitted) / 1048576.0);
        out.flush();
    }

    /** @return the process's resident set size from /proc (Linux), or -1 elsewhere */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** A sink that only samples memory, counting frames and faces as the loop delivers them. */
    private static final class Sampler implements FrameSink {
        private final long every;
        private final PrintStream out;
        private final long t0;
        private long frames;
        private long faces;

        Sampler(long every, PrintStream out, long t0) {
            this.every = every;
            this.out = out;
            this.t0 = t0;
        }

        @Override
        public void open(OutputContext context) {
        }

        @Override
        public boolean accept(FrameSource.Frame frame, FrameResult result) {
            frames++;
            faces += result.faces().size();
            if (frames % every == 0) {
                sample(out, "analyze", frames, faces, t0);
            }
            return true;
        }

        @Override
        public void finish(AnalysisSummary summary) {
        }

        @Override
        public void close() {
        }
    }

    /** The clip's frames forwards, then backwards, and again, up to a frame count; a video stream to the Analyzer. */
    private static final class LoopedSource implements FrameSource {
        private static final double FPS = 30;
        private final List<Mat> frames;
        private final long total;
        private final Mat current = new Mat();
        private long index;

        LoopedSource(List<Mat> frames, long total) {
            this.frames = frames;
            this.total = total;
        }

        @Override
        public String name() {
            return "soak.mp4";
        }

        @Override
        public boolean isStream() {
            return true;
        }

        @Override
        public long expectedFrames() {
            return total;
        }

        @Override
        public double fps() {
            return FPS;
        }

        @Override
        public Frame next() {
            if (index >= total) {
                return null;
            }
            int n = frames.size();
            int k = (int) (index % (2L * n));
            frames.get(k < n ? k : 2 * n - 1 - k).copyTo(current);
            Frame f = new Frame(current, index, index * 1000 / FPS, name());
            index++;
            return f;
        }

        @Override
        public void close() {
            current.release();
        }
    }
}
