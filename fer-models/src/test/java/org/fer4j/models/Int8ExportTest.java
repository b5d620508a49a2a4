package org.fer4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.fer4j.core.ExpressionPrediction;
import org.fer4j.core.FaceImage;
import org.fer4j.data.FaceStore;
import org.fer4j.data.Fer2013Reader;
import org.fer4j.data.Usage;
import org.fer4j.models.inference.DjlExpressionClassifier;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.onnx.OnnxInt8Exporter;
import org.fer4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** The bundled model quantized to int8 (calibrated on Training faces) against its float graph on PublicTest faces. */
class Int8ExportTest {
    @TempDir
    Path tmp;

    @Test
    void int8GraphAgreesWithTheFloatGraphOnRealFaces() throws Exception {
        Path train = SharedData.require("fer2013/train.csv.gz");
        Path dir = tmp.resolve("model");
        Files.createDirectories(dir);
        Path bundled = ExpressionClassifiers.bundledModelDir();
        ModelCard card = ModelCard.read(bundled);
        for (String f : new String[] {ModelCard.FILE, ExpressionClassifiers.ONNX_FILE, ModelFiles.paramsFile(card)}) {
            Files.copy(bundled.resolve(f), dir.resolve(f));
        }
        FaceStore calib = FaceStore.read(Fer2013Reader.builder().optUsages(Usage.TRAINING).build(), train);
        try (Model m = ModelFiles.load(dir, Device.cpu())) {
            int n = 256;
            float[] x = new float[n * FaceImage.PIXELS];
            Random r = new Random(3);
            for (int i = 0; i < n; i++) {
                card.preprocessing().apply(calib.image(r.nextInt(calib.size())), x, i * FaceImage.PIXELS);
            }
            NDArray a = m.getNDManager().create(x, new Shape(n, 1, FaceImage.SIZE, FaceImage.SIZE));
            OnnxInt8Exporter.write(m.getBlock(), card.architecture(), a, dir.resolve(ExpressionClassifiers.ONNX_INT8_FILE));
        }
        List<FaceImage> faces = TestModels.faces(1000);
        FaceStore test = FaceStore.read(Fer2013Reader.builder().optUsages(Usage.PUBLIC_TEST).build(),
                SharedData.require("fer2013/publictest.csv.gz"));
        List<ExpressionPrediction> fp;
        List<ExpressionPrediction> q;
        try (DjlExpressionClassifier c = ExpressionClassifiers.builder().optModelDir(dir).optOnnxFile(dir.resolve(ExpressionClassifiers.ONNX_FILE)).build()) {
            fp = c.classifyAll(faces);
        }
        try (DjlExpressionClassifier c = ExpressionClassifiers.builder().optModelDir(dir).optInt8().build()) {
            q = c.classifyAll(faces);
        }
        int agree = 0;
        int rightFloat = 0;
        int rightInt8 = 0;
        double maxDiff = 0;
        for (int i = 0; i < faces.size(); i++) {
            agree += fp.get(i).top() == q.get(i).top() ? 1 : 0;
            rightFloat += fp.get(i).top() == test.label(i) ? 1 : 0;
            rightInt8 += q.get(i).top() == test.label(i) ? 1 : 0;
            for (int k = 0; k < 7; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(fp.get(i).probabilities()[k] - q.get(i).probabilities()[k]));
            }
        }
        System.out.printf("int8 vs float on 1000 PublicTest faces: top class agrees on %d, correct %d vs %d, max |dp| %.3f%n", agree,
                rightInt8, rightFloat, maxDiff);
        assertTrue(agree >= 970, "top class agrees on " + agree + " of 1000");
        assertTrue(Math.abs(rightInt8 - rightFloat) <= 10, "correct: int8 " + rightInt8 + " vs float " + rightFloat);
    }

    @Test
    void refusesBlocksItCannotQuantize() throws Exception {
        try (Model m = Model.newInstance("seed-cnn", Device.cpu(), "PyTorch")) {
            m.setBlock(ModelRegistry.get("seed-cnn").newBlock());
            m.getBlock().initialize(m.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32, new Shape(2, 1, 48, 48));
            NDArray x = m.getNDManager().zeros(new Shape(2, 1, 48, 48));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OnnxInt8Exporter.export(m.getBlock(), "seed-cnn", x));
            assertTrue(e.getMessage().contains("RReLU"), e.getMessage());
        }
    }

    @Test
    void int8FileMissingIsNamed() throws Exception {
        Path dir = TestModels.randomModelDir(tmp, "fer-net-s");
        var e = assertThrows(FerModelException.class, () -> ExpressionClassifiers.builder().optModelDir(dir).optInt8().build());
        // in the API's terms: what writes the file, not a command-line flag
        assertTrue(e.getMessage().contains(ExpressionClassifiers.ONNX_INT8_FILE) && e.getMessage().contains("OnnxInt8Exporter.write")
                && !e.getMessage().contains("--"), e.getMessage());
        assertEquals(FerModelException.class, e.getClass());
    }
}
