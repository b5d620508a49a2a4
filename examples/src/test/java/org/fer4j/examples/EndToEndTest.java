package org.fer4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fer4j.core.FaceImage;
import org.fer4j.core.BoundingBox;
import org.fer4j.data.FaceStore;
import org.fer4j.data.Fer2013Reader;
import org.fer4j.data.ImageCodec;
import org.fer4j.data.Usage;
import org.fer4j.models.ModelRegistry;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.inference.FaceTranslator;
import org.fer4j.testing.SharedData;
import org.fer4j.vision.Analyzer;
import org.fer4j.vision.CascadeFaceDetector;
import org.fer4j.vision.FaceCrops;
import org.fer4j.vision.FrameSource;
import org.fer4j.vision.FrameSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** The pieces together: real data, the bundled model, OpenCV. */
class EndToEndTest {
    @TempDir
    Path tmp;

    /**
     * A face saved as an image and read back through the vision crop gives the network exactly the tensor that training
     * builds from the CSV row: no train/serve skew (the tutorial equalized at training time only).
     */
    @Test
    void trainingAndInferenceTensorsAreIdentical() throws Exception {
        FaceStore store = FaceStore.read(Fer2013Reader.builder().optUsages(Usage.PUBLIC_TEST).build(),
                SharedData.require("fer2013/publictest.csv.gz"));
        FaceCrops crops = new FaceCrops();
        for (String model : List.of("fer-net", "seed-cnn")) {
            var pre = ModelRegistry.get(model).preprocessing();
            for (int row : new int[] {0, 17, 1234}) {
                FaceImage face = store.image(row);
                Path png = tmp.resolve(model + row + ".png");
                ImageCodec.write(face, png);
                Mat frame = Imgcodecs.imread(png.toString());
                FaceImage cropped = crops.crop(frame, new BoundingBox(0, 0, 48, 48));
                frame.release();
                assertEquals(face, cropped, "row " + row + " changed on its way through OpenCV");
                float[] training = new float[FaceImage.PIXELS];
                byte[] px = new byte[FaceImage.PIXELS];
                store.copyPixels(row, px, 0);
                pre.toGray(px, 0, training, 0);
                pre.normalize(training, 0, FaceImage.PIXELS);
                float[] inference = new FaceTranslator(pre).toInput(List.of(cropped));
                assertArrayEquals(training, inference, 0f, model + " row " + row);
            }
        }
        crops.release();
    }

    @Test
    void bundledModelAnalyzesAPhoto() throws Exception {
        Path photo = SharedData.require("photos/two_people.jpg");
        try (FrameSource src = FrameSources.open(photo.toString()); CascadeFaceDetector det = CascadeFaceDetector.haar();
                DjlExpressionClassifier cls = ExpressionClassifiers.pretrained()) {
            Analyzer.Result r = Analyzer.builder(det, cls).build().run(src, tmp);
            List<String> lines = Files.readAllLines(r.jsonl());
            assertEquals(1, lines.size());
            assertEquals(2, r.summary().faces());
            assertTrue(lines.get(0).contains("\"smoothed_label\""));
            assertTrue(Files.isRegularFile(r.annotated().resolve("two_people.png")));
        }
    }

    @Test
    void bundledModelReachesItsPublishedAccuracy() {
        FaceStore store = FaceStore.read(Fer2013Reader.builder().optUsages(Usage.PUBLIC_TEST).build(),
                SharedData.require("fer2013/publictest.csv.gz"));
        try (DjlExpressionClassifier cls = ExpressionClassifiers.pretrained(org.fer4j.models.inference.InferenceEngine.ONNX_RUNTIME)) {
            double acc = org.fer4j.train.ClassifierEvaluator.evaluate(cls, store, 256, false).matrix().accuracy();
            // README: 0.7113 on PublicTest
            assertEquals(0.7113, acc, 0.0005);
        }
    }
}
