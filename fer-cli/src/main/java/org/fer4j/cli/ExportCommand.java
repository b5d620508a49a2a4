package org.fer4j.cli;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.Callable;

import org.fer4j.core.FaceImage;
import org.fer4j.data.FaceStore;
import org.fer4j.data.FerDataException;
import org.fer4j.data.Usage;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.onnx.OnnxExporter;
import org.fer4j.models.onnx.OnnxInt8Exporter;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer export}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a model folder's DJL weights to ONNX (opset 13) for the ONNX Runtime engine, in float or int8.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model folder (model-card.json + weights)")
    Path model;

    @Option(names = "--out", description = "ONNX file to write (default: <model>/model.onnx, or model-int8.onnx with --int8)")
    Path out;

    @Option(names = "--int8", description = "write an int8 (QDQ) graph, calibrated on Training faces from --data")
    boolean int8;

    @Option(names = "--data", description = "FER2013 CSV whose Training rows calibrate the int8 graph")
    Path data;

    @Option(names = "--calibration", defaultValue = "512", description = "calibration faces, drawn at random (default ${DEFAULT-VALUE})")
    int calibration;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the calibration draw (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        Path target = out != null ? out : model.resolve(int8 ? ExpressionClassifiers.ONNX_INT8_FILE : ExpressionClassifiers.ONNX_FILE);
        OutputPaths.checkFile("--out", target);
        if (int8 && data == null) {
            throw new IllegalArgumentException("--int8 needs --data <FER2013 CSV> for calibration faces (its Training rows are used)");
        }
        ModelCard card = ModelCard.read(model);
        try (Model m = ModelFiles.load(model, Device.cpu())) {
            if (!int8) {
                OnnxExporter.write(m.getBlock(), card.architecture(), target);
            } else {
                FaceStore train = FaceStore.read(Usage.TRAINING, data);
                if (train.size() == 0) {
                    throw new FerDataException(data.toString(), 0, "no Training rows to calibrate the int8 graph with");
                }
                int n = Math.min(calibration, train.size());
                float[] x = new float[n * FaceImage.PIXELS];
                Random r = new Random(seed);
                for (int i = 0; i < n; i++) {
                    card.preprocessing().apply(train.image(r.nextInt(train.size())), x, i * FaceImage.PIXELS);
                }
                NDArray calib = m.getNDManager().create(x, new Shape(n, 1, FaceImage.SIZE, FaceImage.SIZE));
                OnnxInt8Exporter.write(m.getBlock(), card.architecture(), calib, target);
                calib.close();
                System.out.printf("calibrated on %d Training faces of %s (seed %d)%n", n, data, seed);
            }
        }
        System.out.println("wrote " + target);
        return 0;
    }
}
