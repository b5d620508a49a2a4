package org.fer4j.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fer4j.core.io.AtomicOutput;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * Saves and loads fer4j model folders: DJL weights ({@code <architecture>-0000.params}) plus {@code model-card.json}.
 * No Java serialization and no pickle: the architecture is rebuilt from the registry by name and only numbers are read.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /**
     * @param card the model's card (its architecture names the weights file)
     * @return the weights file name
     */
    public static String paramsFile(ModelCard card) {
        return paramsFile(card.architecture());
    }

    private static String paramsFile(String architecture) {
        return architecture + "-0000.params";
    }

    /**
     * Writes weights and card into {@code dir} (created if needed); each file is written whole, then moved into place.
     * The card is written with the weights' {@link ReferenceOutput}, measured here, so later loads can check it.
     *
     * @param model a model whose block is the card's architecture
     * @param card its card
     * @param dir the folder
     */
    public static void save(Model model, ModelCard card, Path dir) {
        byte[] json = card.withReference(ReferenceOutput.of(model, card.preprocessing())).toJson().getBytes(StandardCharsets.UTF_8);
        try {
            // the weights first, the card that describes them last: a card never names weights that are not there yet
            AtomicOutput.writeFile(dir.resolve(paramsFile(card)), out -> {
                // DJL writes a model only into a folder; the file is staged there and copied in whole
                Path staging = Files.createTempDirectory(dir, ".save");
                try {
                    model.setProperty("Epoch", "0");
                    model.save(staging, card.architecture());
                    Files.copy(staging.resolve(paramsFile(card)), out);
                } finally {
                    AtomicOutput.deleteTree(staging);
                }
            });
            AtomicOutput.writeFile(dir.resolve(ModelCard.FILE), out -> out.write(json));
        } catch (UncheckedIOException e) {
            throw new FerModelException(dir.toString(), "cannot save model: " + e.getCause().getMessage(), e);
        }
    }

    /**
     * Loads a model folder on the PyTorch engine.
     *
     * @param dir a folder written by {@link #save}
     * @param device where to place the weights
     * @return the model, ready for inference or further training; close it
     * @throws FerModelException when the card or weights are missing, truncated, or of another architecture
     */
    public static Model load(Path dir, Device device) {
        ModelCard card = ModelCard.read(dir);
        ModelSpec spec = ModelRegistry.get(card.architecture());
        Model model = Model.newInstance(card.architecture(), device, "PyTorch");
        try {
            model.setBlock(spec.newBlock());
            loadWeights(model, dir, card.architecture());
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Reruns a model just loaded from {@code dir} on {@link ReferenceOutput#checkFaces()} and compares with the answers
     * recorded in its card, so that training does not resume from weights this machine computes wrongly. A card without
     * recorded answers is not checked.
     *
     * @param model the model, its weights loaded from {@code dir}
     * @param dir the model folder
     * @throws FerModelException naming {@code dir} when an answer is more than {@link ReferenceOutput#TOLERANCE} away
     */
    public static void checkReference(Model model, Path dir) {
        ModelCard card = ModelCard.read(dir);
        ReferenceOutput ref = card.reference();
        if (ref != null && ref.ofCurrentFaces()) {
            Device device = model.getNDManager().getDevice();
            ref.requireMatch(Arrays.asList(ReferenceOutput.of(model, card.preprocessing()).probabilities()), dir.toString(),
                    "PyTorch (" + device + ")", () -> ConvolutionFaultProbe.explainFor(device));
        }
    }

    /**
     * Reads the weights in {@code dir} into a model whose block is already set, checking every parameter's shape
     * against the block's own. DJL alone takes whatever shapes a file holds, so a file with the right name but another
     * layout would load and only fail (or silently compute nonsense) later. Used for inference, checkpoint resume and
     * fine-tuning alike, so all three refuse the same files with the same message.
     *
     * @param model a model with its block set; the block is initialized here, so load before any trainer initializes
     * @param dir the folder holding {@code <architecture>-0000.params}
     * @param architecture the architecture the block was built from (it names the weights file)
     * @throws FerModelException naming the weights file when it is missing, truncated or of another architecture
     */
    public static void loadWeights(Model model, Path dir, String architecture) {
        Path params = dir.resolve(paramsFile(architecture));
        if (!Files.isRegularFile(params)) {
            throw new FerModelException(params.toString(), "weights file not found (expected for architecture '" + architecture + "')");
        }
        Block block = model.getBlock();
        try {
            block.initialize(model.getNDManager(), DataType.FLOAT32, ModelSpec.INPUT);
            Map<String, Shape> expected = new LinkedHashMap<>();
            block.getParameters().forEach(p -> expected.put(p.getKey(), p.getValue().getArray().getShape()));
            model.load(dir, architecture);
            for (var p : block.getParameters()) {
                Shape got = p.getValue().getArray().getShape();
                if (!got.equals(expected.get(p.getKey()))) {
                    throw new MalformedModelException("parameter " + p.getKey() + " has shape " + got + ", the architecture expects "
                            + expected.get(p.getKey()));
                }
            }
        } catch (MalformedModelException | IOException | RuntimeException e) {
            String why = e instanceof java.io.EOFException || String.valueOf(e.getMessage()).contains("EOF")
                    ? "weights file is truncated or corrupt (" + e + ")"
                    : "weights do not fit architecture '" + architecture + "' (" + e.getMessage() + ")";
            throw new FerModelException(params.toString(), why, e);
        }
    }
}
