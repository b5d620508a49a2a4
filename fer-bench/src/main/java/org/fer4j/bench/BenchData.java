package org.fer4j.bench;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fer4j.core.FaceImage;
import org.fer4j.core.io.AtomicOutput;
import org.fer4j.data.FaceStore;
import org.fer4j.data.Usage;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.fer4j.models.ModelRegistry;
import org.fer4j.models.ModelSpec;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.inference.InferenceEngine;
import org.fer4j.models.onnx.OnnxExporter;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.FrameSources;
import org.fer4j.vision.OpenCvRuntime;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Shared inputs: the data folder ({@code -Dfer.data.dir}, default ../shared/data), faces, 640x480 frames, models, devices. */
final class BenchData {
    /** Model name meaning the bundled default model (or {@code -Dfer.model=<dir>} when given). */
    static final String DEFAULT_MODEL = "default";
    /** Suffix of a model name meaning its int8 graph. */
    static final String INT8 = "-int8";

    private BenchData() {
    }

    static Path dataDir() {
        Path p = Path.of(System.getProperty("fer.data.dir", "../shared/data"));
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("data folder " + p.toAbsolutePath() + " not found; pass -Dfer.data.dir=<shared/data>");
        }
        return p;
    }

    /** @return the PublicTest store (real faces and labels) */
    static FaceStore publicTest() {
        return FaceStore.read(Usage.PUBLIC_TEST, dataDir().resolve("fer2013/publictest.csv.gz"));
    }

    static List<FaceImage> faces(int n) {
        FaceStore s = publicTest();
        List<FaceImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(s.image(i % s.size()));
        }
        return out;
    }

    /**
     * The frames a benchmark cycles through: one frame for a photo ({@link #frame640x480}), or every frame of a clip for
     * {@code video:<file>} (a file of the data's video folder, each frame letterboxed into 640x480), so that detection
     * and tracking see real motion, faces arriving and leaving.
     *
     * @param spec a photo spec or {@code video:<file>}
     * @return the frames; release each
     */
    static List<Mat> frames(String spec) {
        if (!spec.startsWith("video:")) {
            return List.of(frame640x480(spec));
        }
        Path file = dataDir().resolve("video").resolve(spec.substring("video:".length()));
        List<Mat> out = new ArrayList<>();
        try (FrameSource src = FrameSources.open(file.toString())) {
            for (FrameSource.Frame f; (f = src.next()) != null;) {
                out.add(letterbox(f.image()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no frames decoded from " + file);
        }
        return out;
    }

    private static Mat letterbox(Mat img) {
        double f = Math.min(640.0 / img.cols(), 480.0 / img.rows());
        Mat scaled = new Mat();
        Imgproc.resize(img, scaled, new Size(Math.round(img.cols() * f), Math.round(img.rows() * f)), 0, 0, Imgproc.INTER_AREA);
        Mat frame = Mat.zeros(480, 640, img.type());
        scaled.copyTo(frame.submat(0, scaled.rows(), 0, scaled.cols()));
        scaled.release();
        return frame;
    }

    /**
     * A 640x480 frame, the size the targets are stated for. {@code name} letterboxes the photo into the frame;
     * {@code name@s} scales the photo by {@code s} and takes the frame from its centre, so that a group photo keeps
     * faces large enough to detect.
     *
     * @param spec photo file name in the data's photos folder, optionally {@code @scale}
     * @return a BGR frame; release it
     */
    static Mat frame640x480(String spec) {
        OpenCvRuntime.load();
        int at = spec.indexOf('@');
        String photo = at < 0 ? spec : spec.substring(0, at);
        Mat img = Imgcodecs.imread(dataDir().resolve("photos").resolve(photo).toString());
        if (img.empty()) {
            throw new IllegalStateException("cannot read photo " + photo + " in " + dataDir().resolve("photos"));
        }
        double f = at < 0 ? Math.min(640.0 / img.cols(), 480.0 / img.rows()) : Double.parseDouble(spec.substring(at + 1));
        Mat scaled = new Mat();
        Imgproc.resize(img, scaled, new Size(Math.round(img.cols() * f), Math.round(img.rows() * f)), 0, 0, Imgproc.INTER_AREA);
        Mat frame = Mat.zeros(480, 640, img.type());
        int w = Math.min(640, scaled.cols());
        int h = Math.min(480, scaled.rows());
        int x0 = (scaled.cols() - w) / 2;
        int y0 = (scaled.rows() - h) / 2;
        Mat part = scaled.submat(new Rect(x0, y0, w, h));
        part.copyTo(frame.submat(0, h, 0, w));
        part.release();
        img.release();
        scaled.release();
        return frame;
    }

    /**
     * @param device cpu or gpu
     * @param engines DJL engine names that must see the GPU
     * @return the device; {@code null} when a GPU is asked for and an engine reports none (the benchmark then says so)
     */
    static Device device(String device, String... engines) {
        if (device.equals("cpu")) {
            return Device.cpu();
        }
        if (!device.equals("gpu")) {
            throw new IllegalArgumentException("device must be cpu or gpu, got " + device);
        }
        for (String e : engines) {
            if (Engine.getEngine(e).getGpuCount() == 0) {
                System.err.println("SKIPPED: device=gpu but " + e + " reports no GPU on this machine");
                return null;
            }
        }
        return Device.gpu();
    }

    /**
     * @param engine pytorch or onnxruntime
     * @param device cpu or gpu
     * @param model {@link #DEFAULT_MODEL} or a registry architecture (random weights: timing does not depend on them);
     *     {@code default-int8}: the bundled model's int8 graph (ONNX Runtime only)
     * @param threads ONNX Runtime intra-op threads, or {@code auto}
     * @return the classifier; {@code null} when a GPU is asked for and none is there
     */
    static DjlExpressionClassifier classifier(String engine, String device, String model, String threads) {
        InferenceEngine e = InferenceEngine.parse(engine);
        Device d = device(device, e.djlName());
        if (d == null) {
            return null;
        }
        ExpressionClassifiers.Builder b = ExpressionClassifiers.builder().optEngine(e).optDevice(d).optPoolSize(1);
        boolean int8 = model.endsWith(INT8);
        if (int8) {
            if (e != InferenceEngine.ONNX_RUNTIME) {
                throw new IllegalArgumentException(model + " runs on onnxruntime only, not " + engine);
            }
            b.optInt8();
        }
        if (!threads.equals("auto")) {
            b.optThreads(Integer.parseInt(threads));
        }
        Path dir = modelDir(int8 ? model.substring(0, model.length() - INT8.length()) : model);
        if (dir != null) {
            b.optModelDir(dir);
        }
        return b.build();
    }

    /** @return null for the bundled model, else a folder with card, weights and ONNX graph */
    private static Path modelDir(String model) {
        if (model.equals(DEFAULT_MODEL)) {
            String custom = System.getProperty("fer.model");
            return custom == null ? null : Path.of(custom);
        }
        return randomModel(model);
    }

    /**
     * A model folder of a registered architecture with freshly initialised weights, made once per machine in the temp
     * folder (seed-cnn's 170 MB would be slow to write for every fork).
     */
    private static synchronized Path randomModel(String architecture) {
        ModelSpec spec = ModelRegistry.get(architecture);
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "fer4j-bench-models", architecture);
        if (Files.isRegularFile(dir.resolve(ExpressionClassifiers.ONNX_FILE))) {
            return dir;
        }
        try {
            AtomicOutput.writeFolder(dir, tmp -> {
            try (Model m = Model.newInstance(architecture, Device.cpu(), "PyTorch")) {
                m.setBlock(spec.newBlock());
                m.getBlock().initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 1, FaceImage.SIZE, FaceImage.SIZE));
                ModelCard card = new ModelCard(architecture, spec.preprocessing(), Map.of("source", "random weights for timing"),
                        Map.of(), Map.of(), 0, Instant.now().toString(), 0);
                ModelFiles.save(m, card, tmp);
                OnnxExporter.write(m.getBlock(), architecture, tmp.resolve(ExpressionClassifiers.ONNX_FILE));
            }
            });
        } catch (IllegalArgumentException | UncheckedIOException e) {
            // another benchmark fork placed the same model first; its folder appeared whole, so it is used
            if (!Files.isRegularFile(dir.resolve(ExpressionClassifiers.ONNX_FILE))) {
                throw e;
            }
        }
        return dir;
    }
}
