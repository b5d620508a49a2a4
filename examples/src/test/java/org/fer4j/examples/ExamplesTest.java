package org.fer4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fer4j.core.Emotion;
import org.fer4j.core.ExpressionPrediction;
import org.fer4j.data.FaceStore;
import org.fer4j.data.Fer2013Reader;
import org.fer4j.data.ImageCodec;
import org.fer4j.data.Usage;
import org.fer4j.testing.SharedData;
import org.fer4j.train.EpochRecord;
import org.fer4j.vision.Analyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example program on the shared data, as its javadoc runs it. */
class ExamplesTest {
    @TempDir
    Path tmp;

    @Test
    void classifyFaceLabelsAHappyPublicTestFace() throws Exception {
        FaceStore store = FaceStore.read(Fer2013Reader.builder().optUsages(Usage.PUBLIC_TEST).build(),
                SharedData.require("fer2013/publictest.csv.gz"));
        int happy = -1;
        for (int i = 0; i < store.size() && happy < 0; i++) {
            if (store.label(i) == Emotion.HAPPY) {
                happy = i;
            }
        }
        Path png = tmp.resolve("face.png");
        ImageCodec.write(store.image(happy), png);
        ExpressionPrediction p = ClassifyFace.classify(png);
        assertEquals(Emotion.HAPPY, p.top(), p.toString());
    }

    @Test
    void analyzeVideoWritesOneJsonLinePerFrame() throws Exception {
        Path clip = SharedData.require("video/clip_01_tears_of_steel.mp4");
        Analyzer.Result r = AnalyzeVideo.analyze(clip.toString(), tmp.resolve("out"));
        List<String> lines = Files.readAllLines(r.jsonl());
        assertEquals(240, lines.size());
        assertTrue(r.summary().faces() > 0);
        assertEquals(null, r.annotated());
    }

    @Test
    void webcamDemoRunsOnAVideoInPlaceOfTheCamera() throws Exception {
        Path clip = SharedData.require("video/short_hamilton_clip.mp4");
        int[] faces = {0};
        long shown = WebcamDemo.run(clip.toString(), (bgr, result) -> {
            faces[0] += result.faces().size();
            assertEquals(3, bgr.channels());
            return result.frame() < 99;
        });
        assertEquals(100, shown);
        assertTrue(faces[0] > 0);
    }

    @Test
    void trainTutorialCnnTrainsAndDrawsItsCurves() throws Exception {
        Path csv = SharedData.require("fer2013/train.csv.gz");
        Path run = tmp.resolve("run");
        List<EpochRecord> h = TrainTutorialCnn.train(csv, run, 2, 600);
        assertEquals(2, h.size());
        assertTrue(Double.isFinite(h.get(1).trainLoss()), h.toString());
        for (String f : List.of("loss.png", "accuracy.png", "metrics.json", "best/model-card.json")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
    }

    @Test
    void compareArchitecturesGivesOneRowPerArchitecture() throws Exception {
        List<CompareArchitectures.Row> rows = CompareArchitectures.compare(SharedData.require("fer2013/train.csv.gz"), 1, 600,
                List.of("seed-cnn", "fer-net-s"));
        assertEquals(List.of("seed-cnn", "fer-net-s"), rows.stream().map(CompareArchitectures.Row::architecture).toList());
        rows.forEach(r -> assertTrue(r.valAccuracy() >= 0 && r.valAccuracy() <= 1 && r.seconds() > 0, r.toString()));
    }

    @Test
    void exportToOnnxGivesTheSameProbabilitiesOnOnnxRuntime() throws Exception {
        double diff = ExportToOnnx.export("default", tmp.resolve("onnx"));
        assertTrue(Files.size(tmp.resolve("onnx/model.onnx")) > 1_000_000);
        assertTrue(diff < 1e-4, "ONNX Runtime vs PyTorch: " + diff);
    }
}
