package org.fer4j.models;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.fer4j.core.FaceImage;
import org.fer4j.data.FaceStore;
import org.fer4j.data.Fer2013Reader;
import org.fer4j.data.Usage;
import org.fer4j.models.onnx.OnnxExporter;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.testing.SharedData;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** Model folders with random weights (and realistic batch-norm statistics) for inference tests. */
final class TestModels {
    private TestModels() {
    }

    /**
     * @param parent a folder the test owns (JUnit's {@code @TempDir}), so the model is deleted with it
     * @param architecture registry name
     * @return a new folder under {@code parent} with card, DJL weights and model.onnx
     */
    static Path randomModelDir(Path parent, String architecture) throws Exception {
        Path dir = Files.createDirectories(parent.resolve(architecture));
        ModelSpec spec = ModelRegistry.get(architecture);
        try (Model model = Model.newInstance(architecture, "PyTorch")) {
            model.setBlock(spec.newBlock());
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(8, 1, 48, 48));
            // a few training-mode passes move batch-norm statistics away from (0, 1), so export of them is tested
            ParameterStore ps = new ParameterStore(model.getNDManager(), false);
            for (int i = 0; i < 3; i++) {
                model.getBlock().forward(ps, new NDList(model.getNDManager().randomNormal(0.2f, 1.3f, new Shape(8, 1, 48, 48),
                        DataType.FLOAT32)), true);
            }
            ModelCard card = new ModelCard(architecture, spec.preprocessing(), Map.of("source", "random weights for tests"), Map.of(),
                    Map.of(), 0, Instant.now().toString(), 0);
            ModelFiles.save(model, card, dir);
            OnnxExporter.write(model.getBlock(), architecture, dir.resolve(ExpressionClassifiers.ONNX_FILE));
        }
        return dir;
    }

    /** @return n faces: real PublicTest faces when the shared data is present, else random ones */
    static List<FaceImage> faces(int n) {
        List<FaceImage> out = new ArrayList<>(n);
        if (SharedData.rootOrNull() != null) {
            FaceStore s = FaceStore.read(Fer2013Reader.builder().optUsages(Usage.PUBLIC_TEST).build(),
                    SharedData.require("fer2013/publictest.csv.gz"));
            for (int i = 0; i < n; i++) {
                out.add(s.image(i % s.size()));
            }
            return out;
        }
        Random r = new Random(5);
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[FaceImage.PIXELS];
            r.nextBytes(b);
            out.add(FaceImage.wrap(b));
        }
        return out;
    }
}
