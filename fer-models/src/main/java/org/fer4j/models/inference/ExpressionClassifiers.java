package org.fer4j.models.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.fer4j.core.ExpressionPrediction;
import org.fer4j.models.ConvolutionFaultProbe;
import org.fer4j.models.FerModelException;
import org.fer4j.models.ModelCard;
import org.fer4j.models.ModelFiles;
import org.fer4j.models.ReferenceOutput;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;

/**
 * The way in: {@code ExpressionClassifiers.pretrained()} for the bundled model, or
 * {@code ExpressionClassifiers.builder().optModel("default" or a folder).optEngine(...).optInt8().build()}: one builder
 * for a model named or given as a folder, on an engine, in float or int8.
 *
 * <p>A model folder holds {@code model-card.json} and the weights: {@code <architecture>-0000.params} for PyTorch,
 * {@code model.onnx} for ONNX Runtime ({@link org.fer4j.models.onnx.OnnxExporter} writes it). ONNX Runtime is the
 * default engine; PyTorch is one {@code optEngine(InferenceEngine.PYTORCH)} away.
 */
public final class ExpressionClassifiers {
    /** Classpath folder of the bundled default model. */
    public static final String BUNDLED = "/org/fer4j/models/default";
    /** File name of the ONNX graph inside a model folder. */
    public static final String ONNX_FILE = "model.onnx";
    /** File name of the int8 ONNX graph inside a model folder (written by {@link org.fer4j.models.onnx.OnnxInt8Exporter}). */
    public static final String ONNX_INT8_FILE = "model-int8.onnx";
    /** DJL's switch that keeps its ONNX Runtime engine from loading PyTorch for NDArray operations. */
    static final String NO_ALTERNATIVE_ENGINE = "ai.djl.onnx.disable_alternative";
    /** The name that {@link #modelDir(String)} and {@link Builder#optModel(String)} read as the bundled model. */
    public static final String DEFAULT_MODEL = "default";

    private static Path unpacked;

    private ExpressionClassifiers() {
    }

    /** @return the bundled pretrained model on the builder's default engine (ONNX Runtime), default device */
    public static DjlExpressionClassifier pretrained() {
        return builder().build();
    }

    /** @param engine engine to use @return the bundled pretrained model on that engine */
    public static DjlExpressionClassifier pretrained(InferenceEngine engine) {
        return builder().optEngine(engine).build();
    }

    /** @return a builder; without {@code optModel} or {@code optModelDir} it loads the bundled model */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a folder holding the bundled model's files (unpacked once per machine into the per-user cache, see
     *     {@link org.fer4j.core.io.NativeCache}; looked up once per JVM)
     * @throws FerModelException when this build carries no bundled model
     */
    public static synchronized Path bundledModelDir() {
        if (unpacked == null) {
            unpacked = BundledModel.unpack();
        }
        return unpacked;
    }

    /**
     * The folder of a model named by a user: {@code "default"} for the bundled model, else a model folder.
     *
     * @param nameOrFolder {@code "default"} or the path of a model folder (card + weights)
     * @return the folder
     * @throws FerModelException naming {@code nameOrFolder} when it is neither
     */
    public static Path modelDir(String nameOrFolder) {
        if (DEFAULT_MODEL.equals(nameOrFolder)) {
            return bundledModelDir();
        }
        Path dir = Path.of(nameOrFolder);
        if (!Files.isDirectory(dir)) {
            throw new FerModelException(nameOrFolder, "not a model folder, and not '" + DEFAULT_MODEL + "' (the bundled model)");
        }
        return dir;
    }

    /**
     * Builder with {@code opt*} settings, as DJL's. The settings may be given in any order: they are checked against
     * each other only in {@link #build()}.
     */
    public static final class Builder {
        private Path modelDir;
        private Path onnxFile;
        private InferenceEngine engine;
        private Device device;
        private int poolSize = Math.max(1, Runtime.getRuntime().availableProcessors());
        private int maxBatch = 128;
        private Integer threads;
        private boolean int8;
        private boolean checkReference = true;

        private Builder() {
        }

        /**
         * Skips comparing the model's answers for {@link ReferenceOutput#checkFaces()} with those its card recorded when
         * the weights were saved. The check costs one batch of three faces at build time; turn it off only for a model
         * known to differ on purpose beyond {@link ReferenceOutput#TOLERANCE}.
         *
         * @return this
         */
        public Builder optNoReferenceCheck() {
            this.checkReference = false;
            return this;
        }

        /** @param dir model folder (card + weights) @return this */
        public Builder optModelDir(Path dir) {
            this.modelDir = dir;
            return this;
        }

        /**
         * @param nameOrFolder {@code "default"} for the bundled model, else the path of a model folder
         * @return this
         * @throws FerModelException naming it when it is neither
         */
        public Builder optModel(String nameOrFolder) {
            this.modelDir = DEFAULT_MODEL.equals(nameOrFolder) ? null : modelDir(nameOrFolder);
            return this;
        }

        /**
         * @param file an ONNX file to use instead of the folder's {@code model.onnx}; runs on ONNX Runtime, so it cannot be
         *     combined with {@code optEngine(PYTORCH)}
         * @return this
         */
        public Builder optOnnxFile(Path file) {
            this.onnxFile = file;
            return this;
        }

        /**
         * The folder's int8 graph ({@code model-int8.onnx}, written by {@link org.fer4j.models.onnx.OnnxInt8Exporter}) on
         * ONNX Runtime: about 2x faster on CPUs with int8 dot-product instructions, at the accuracy its model card reports.
         * Int8 graphs run on ONNX Runtime only, so it cannot be combined with {@code optEngine(PYTORCH)}.
         *
         * @return this
         */
        public Builder optInt8() {
            this.int8 = true;
            return this;
        }

        /**
         * @param e engine (default: {@link InferenceEngine#ONNX_RUNTIME}; a folder without an ONNX graph, as
         *     {@link ModelFiles#save} writes it before export, runs on {@link InferenceEngine#PYTORCH})
         * @return this
         */
        public Builder optEngine(InferenceEngine e) {
            this.engine = java.util.Objects.requireNonNull(e, "engine");
            return this;
        }

        /** @param d device (default: the engine's default, a GPU when it reports one) @return this */
        public Builder optDevice(Device d) {
            this.device = d;
            return this;
        }

        /** @param n predictors, i.e. callers served at once (default: CPU count) @return this */
        public Builder optPoolSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("pool size must be >= 1");
            }
            this.poolSize = n;
            return this;
        }

        /** @param n largest batch sent to the engine in one call (default 128) @return this */
        public Builder optMaxBatch(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("max batch must be >= 1");
            }
            this.maxBatch = n;
            return this;
        }

        /** @param n ONNX Runtime intra-op threads per session (default: ONNX Runtime's) @return this */
        public Builder optThreads(int n) {
            this.threads = n;
            return this;
        }

        /**
         * @return the classifier; close it
         * @throws FerModelException when the settings contradict each other (an int8 graph or an ONNX file on PyTorch),
         *     or the model's files are missing or unusable
         */
        public DjlExpressionClassifier build() {
            Path dir = modelDir != null ? modelDir : bundledModelDir();
            InferenceEngine engine = chooseEngine(dir);
            ModelCard card = ModelCard.read(dir);
            if (engine == InferenceEngine.ONNX_RUNTIME && System.getProperty(NO_ALTERNATIVE_ENGINE) == null) {
                // DJL's ONNX Runtime engine borrows PyTorch for array operations it lacks; this classifier needs none, and
                // borrowing would load PyTorch's natives (a GPU probe, 200 MB) or, where the application left them out,
                // fail. An application that wants the alternative sets the property itself, before this point.
                System.setProperty(NO_ALTERNATIVE_ENGINE, "true");
            }
            Engine djlEngine = djlEngine(engine, dir);
            Device dev = device != null ? device : djlEngine.defaultDevice();
            Model model = engine == InferenceEngine.PYTORCH ? ModelFiles.load(dir, dev) : loadOnnx(dir, card, dev);
            DjlExpressionClassifier c;
            try {
                c = new DjlExpressionClassifier(model, card, engine, poolSize, maxBatch);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            try {
                // int8 graphs answer differently by design; their accuracy is measured, not matched
                if (checkReference && !int8 && card.reference() != null && card.reference().ofCurrentFaces()) {
                    checkReference(c, card.reference(), dir, engine);
                }
                return c;
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
        }

        /** The DJL engine, or an error that says which jars the application must add (natives are its choice). */
        private static Engine djlEngine(InferenceEngine e, Path dir) {
            try {
                return Engine.getEngine(e.djlName());
            } catch (RuntimeException | LinkageError x) {
                String jars = e == InferenceEngine.ONNX_RUNTIME ? "com.microsoft.onnxruntime:onnxruntime (or onnxruntime_gpu)"
                        : "ai.djl.pytorch:pytorch-native-cpu with this platform's classifier, and ai.djl.pytorch:pytorch-jni";
                throw new FerModelException(dir.toString(), e + " is not available: add " + jars + " to the application's"
                        + " runtime dependencies (" + x.getMessage() + ")", x);
            }
        }

        /** The engine the settings ask for, or refuses settings that cannot hold together. */
        private InferenceEngine chooseEngine(Path dir) {
            String where = modelDir != null ? dir.toString() : "the bundled model";
            if (engine == InferenceEngine.PYTORCH && int8) {
                throw new FerModelException(where, "int8 graphs run on ONNX Runtime, not PyTorch: use optInt8() without"
                        + " optEngine(PYTORCH), or PyTorch without optInt8()");
            }
            if (engine == InferenceEngine.PYTORCH && onnxFile != null) {
                throw new FerModelException(onnxFile.toString(), "an ONNX file runs on ONNX Runtime, not PyTorch: use optOnnxFile()"
                        + " without optEngine(PYTORCH), or PyTorch without optOnnxFile()");
            }
            if (engine != null) {
                return engine;
            }
            // not chosen: ONNX Runtime, unless the folder is a freshly trained one that has only its PyTorch weights
            boolean onnx = int8 || onnxFile != null || Files.isRegularFile(dir.resolve(ONNX_FILE));
            return onnx ? InferenceEngine.ONNX_RUNTIME : InferenceEngine.PYTORCH;
        }

        private void checkReference(DjlExpressionClassifier c, ReferenceOutput ref, Path dir, InferenceEngine engine) {
            String where = engine + " (" + c.device() + ")";
            // only PyTorch runs the oneDNN kernels the probe tests
            Supplier<String> cause = () -> engine == InferenceEngine.PYTORCH ? ConvolutionFaultProbe.explainFor(c.device()) : "";
            List<float[]> got;
            try {
                got = c.classifyAll(ReferenceOutput.checkFaces()).stream().map(ExpressionPrediction::probabilities).toList();
            } catch (RuntimeException e) {
                throw ReferenceOutput.mismatch(dir.toString(), where, "the check failed: " + e.getMessage(), cause.get());
            }
            ref.requireMatch(got, dir.toString(), where, cause);
        }

        private Model loadOnnx(Path dir, ModelCard card, Device dev) {
            Path file = onnxFile != null ? onnxFile : dir.resolve(int8 ? ONNX_INT8_FILE : ONNX_FILE);
            if (!Files.isRegularFile(file)) {
                throw new FerModelException(file.toString(), "ONNX file not found; write it with "
                        + (int8 ? "OnnxInt8Exporter.write" : "OnnxExporter.write") + ", or load the folder's PyTorch weights with"
                        + " optEngine(InferenceEngine.PYTORCH)" + (int8 ? " and without optInt8()" : ""));
            }
            String name = file.getFileName().toString();
            if (!name.endsWith(".onnx")) {
                throw new FerModelException(file.toString(), "expected a .onnx file");
            }
            Model model = Model.newInstance(card.architecture(), dev, InferenceEngine.ONNX_RUNTIME.djlName());
            try (ai.onnxruntime.OrtSession.SessionOptions session = OrtSessionSettings.noSpinning()) {
                Map<String, Object> options = new HashMap<>();
                options.put("sessionOptions", session);
                if (threads != null) {
                    options.put("intraOpNumThreads", String.valueOf(threads));
                    options.put("interOpNumThreads", "1");
                }
                model.load(file.getParent(), name.substring(0, name.length() - ".onnx".length()), options);
                checkInput(model, file);
                return model;
            } catch (IOException | MalformedModelException | ai.onnxruntime.OrtException | RuntimeException e) {
                model.close();
                if (e instanceof FerModelException f) {
                    throw f;
                }
                throw new FerModelException(file.toString(), "not a loadable ONNX model: " + e.getMessage(), e);
            }
        }

        /** Reads the graph's declared input from the file itself (DJL does not report ONNX input shapes). */
        private static void checkInput(Model model, Path file) {
            ai.onnx.proto.OnnxMl.GraphProto g;
            try (InputStream in = Files.newInputStream(file)) {
                g = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(in).getGraph();
            } catch (IOException e) {
                throw new FerModelException(file.toString(), "cannot parse ONNX protobuf: " + e.getMessage(), e);
            }
            java.util.Set<String> weights = new java.util.HashSet<>();
            g.getInitializerList().forEach(t -> weights.add(t.getName()));
            List<ai.onnx.proto.OnnxMl.ValueInfoProto> inputs = g.getInputList().stream().filter(v -> !weights.contains(v.getName())).toList();
            if (inputs.size() != 1) {
                throw new FerModelException(file.toString(), "expected one input of shape (N, 1, 48, 48), found " + inputs.size() + " inputs");
            }
            var dims = inputs.get(0).getType().getTensorType().getShape().getDimList();
            StringBuilder shape = new StringBuilder("(");
            for (int i = 0; i < dims.size(); i++) {
                shape.append(i > 0 ? ", " : "").append(dims.get(i).hasDimValue() ? String.valueOf(dims.get(i).getDimValue()) : dims.get(i).getDimParam());
            }
            shape.append(')');
            boolean ok = dims.size() == 4 && dims.get(1).getDimValue() == 1 && dims.get(2).getDimValue() == 48 && dims.get(3).getDimValue() == 48;
            if (!ok) {
                throw new FerModelException(file.toString(), "input '" + inputs.get(0).getName() + "' has shape " + shape
                        + ", expected (N, 1, 48, 48)");
            }
        }
    }
}
