package org.fer4j.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.fer4j.core.Detection;
import org.fer4j.core.FaceDetector;
import org.fer4j.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** Detection on the real photos of ../shared/data/photos against MANIFEST.tsv's frontal-face counts. */
class PhotoDetectionTest {

    private static Map<String, Integer> manifest(Path dir) throws Exception {
        Map<String, Integer> m = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"));
        String[] head = lines.get(0).split("\t");
        int col = List.of(head).indexOf("frontal_faces");
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            m.put(f[0], Integer.parseInt(f[col]));
        }
        return m;
    }

    private static Map<String, Integer> detectAll(Path dir, Map<String, Integer> expected, Supplier<FaceDetector<Mat>> make) {
        Map<String, Integer> found = new LinkedHashMap<>();
        try (FaceDetector<Mat> d = make.get()) {
            for (String name : expected.keySet()) {
                Mat img = Imgcodecs.imread(dir.resolve(name).toString());
                List<Detection> faces = d.detect(img);
                found.put(name, faces.size());
                img.release();
            }
        }
        return found;
    }

    @Test
    void detectorsAgainstTheManifest() throws Exception {
        Path dir = SharedData.require("photos/MANIFEST.tsv").getParent();
        OpenCvRuntime.load();
        Map<String, Integer> expected = manifest(dir);
        Map<String, Supplier<FaceDetector<Mat>>> detectors = new LinkedHashMap<>();
        detectors.put("default", CascadeFaceDetector::defaults);
        detectors.put("tutorial", CascadeFaceDetector::tutorial);
        detectors.put("lbp", () -> CascadeFaceDetector.builder().optCascade(CascadeFaceDetector.Cascade.LBP).build());
        Path yunet = SharedData.rootOrNull() == null ? null : SharedData.rootOrNull().resolve("models/face_detection_yunet.onnx");
        if (yunet != null && Files.exists(yunet)) {
            detectors.put("yunet", () -> new YuNetFaceDetector(yunet, 0.9f));
            detectors.put("yunet-640", () -> new YuNetFaceDetector(yunet, 0.9f, 640));
        }
        Map<String, Map<String, Integer>> results = new LinkedHashMap<>();
        for (var e : detectors.entrySet()) {
            results.put(e.getKey(), detectAll(dir, expected, e.getValue()));
        }
        System.out.printf("%-30s %8s", "photo", "frontal");
        results.keySet().forEach(k -> System.out.printf(" %8s", k));
        System.out.println();
        for (String name : expected.keySet()) {
            System.out.printf("%-30s %8d", name, expected.get(name));
            for (var r : results.values()) {
                System.out.printf(" %8d", r.get(name));
            }
            System.out.println();
        }
        Map<String, Integer> def = results.get("default");
        for (String single : List.of("astronaut.png", "obama.jpg", "biden.jpg")) {
            assertEquals(1, def.get(single), single);
        }
        assertEquals(2, def.get("two_people.jpg"));
        assertTrue(def.get("solvay-conference-1927.jpg") >= 24, "Solvay: " + def.get("solvay-conference-1927.jpg"));
        for (String negative : List.of("coffee.png", "rocket.jpg", "swiss-cow.jpg")) {
            assertEquals(0, def.get(negative), negative + " false positives");
        }
        // the partial face must not break anything; whatever is found is reported above
        assertTrue(def.get("obama_partial_face.jpg") <= 1);
    }

    @Test
    void yunetAtReducedWidthMapsBoxesBackToTheFrame() throws Exception {
        Path model = SharedData.require("models/face_detection_yunet.onnx");
        Mat img = Imgcodecs.imread(SharedData.require("photos/obama.jpg").toString());
        try (YuNetFaceDetector full = new YuNetFaceDetector(model, 0.9f);
                YuNetFaceDetector small = new YuNetFaceDetector(model, 0.9f, 320)) {
            List<Detection> a = full.detect(img);
            List<Detection> b = small.detect(img);
            assertEquals(1, a.size());
            assertEquals(1, b.size());
            double iou = a.get(0).box().iou(b.get(0).box());
            assertTrue(iou > 0.7, "box at 320 px " + b.get(0).box() + " vs full resolution " + a.get(0).box() + ": IoU " + iou);
        } finally {
            img.release();
        }
    }
}
