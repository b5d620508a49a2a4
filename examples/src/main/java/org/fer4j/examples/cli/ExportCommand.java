package org.fer4j.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.fer4j.models.inference.ExpressionClassifiers;
import org.fer4j.models.onnx.OnnxExporter;

import ai.djl.Device;
import ai.djl.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fer export}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a model folder's DJL weights to ONNX (opset 13) for the ONNX Runtime engine.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model folder (model-card.json + weights)")
    Path model;

    @Option(names = "--out", description = "ONNX file to write (default: <model>/model.onnx)")
    Path out;

    @Override
    public Integer call() {
        ModelCard card = ModelCard.read(model);
        Path target = out != null ? out : model.resolve(ExpressionClassifiers.ONNX_FILE);
        try (Model m = ModelFiles.load(model, Device.cpu())) {
            OnnxExporter.write(m.getBlock(), card.architecture(), target);
        }
        System.out.println("wrote " + target);
        return 0;
    }
}
