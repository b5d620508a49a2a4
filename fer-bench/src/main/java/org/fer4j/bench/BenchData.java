package org.fer4j.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fer4j.core.FaceImage;
import org.fer4j.data.FaceStore;
import org.fer4j.data.Fer2013Reader;
import org.fer4j.data.Usage;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.inference.InferenceEngine;
import org.fer4j.vision.OpenCvRuntime;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Shared inputs: the data folder ({@code -Dfer.data.dir}, default ../shared/data), faces, 640x480 frames, classifiers. */
final class BenchData {
    private BenchData() {
    }

    static Path dataDir() {
        Path p = Path.of(System.getProperty("fer.data.dir", "../shared/data"));
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("data folder " + p.toAbsolutePath() + " not found; pass -Dfer.data.dir=<shared/data>");
        }
        return p;
    }

    static List<FaceImage> faces(int n) {
        FaceStore s = FaceStore.read(Fer2013Reader.builder().optUsages(Usage.PUBLIC_TEST).build(),
                dataDir().resolve("fer2013/publictest.csv.gz"));
        List<FaceImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(s.image(i % s.size()));
        }
        return out;
    }

    /** A photo letterboxed into 640x480, the frame size the targets are stated for. */
    static Mat frame640x480(String photo) {
        OpenCvRuntime.load();
        Mat img = Imgcodecs.imread(dataDir().resolve("photos").resolve(photo).toString());
        if (img.empty()) {
            throw new IllegalStateException("cannot read photo " + photo);
        }
        double f = Math.min(640.0 / img.cols(), 480.0 / img.rows());
        Mat small = new Mat();
        Imgproc.resize(img, small, new Size(Math.round(img.cols() * f), Math.round(img.rows() * f)), 0, 0, Imgproc.INTER_AREA);
        Mat frame = Mat.zeros(480, 640, img.type());
        small.copyTo(frame.submat(0, small.rows(), 0, small.cols()));
        img.release();
        small.release();
        return frame;
    }

    /**
     * @param engine pytorch or onnxruntime
     * @param device cpu or gpu
     * @return the classifier; {@code null} when a GPU is asked for and DJL reports none (the benchmark then says so)
     */
    static DjlExpressionClassifier classifier(String engine, String device) {
        InferenceEngine e = InferenceEngine.parse(engine);
        Device d = Device.cpu();
        if (device.equals("gpu")) {
            if (Engine.getEngine(e.djlName()).getGpuCount() == 0) {
                System.err.println("SKIPPED: device=gpu but " + e.djlName() + " reports no GPU on this machine");
                return null;
            }
            d = Device.gpu();
        }
        ExpressionClassifiers.Builder b = ExpressionClassifiers.builder().optEngine(e).optDevice(d).optPoolSize(1);
        String model = System.getProperty("fer.model");
        if (model != null) {
            b.optModelDir(Path.of(model));
        }
        return b.build();
    }
}
