package org.fer4j.models;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fer4j.models.arch.Architectures;

/**
 * The named models fer4j knows. Names are stable: they are written into model cards and used to rebuild a saved
 * model's architecture.
 */
public final class ModelRegistry {
    /** Name of fer4j's own architecture, the one shipped pretrained. */
    public static final String FER_NET = "fer-net";

    private static final Map<String, ModelSpec> SPECS = new LinkedHashMap<>();

    static {
        register(new ModelSpec(FER_NET, "fer4j residual net, 32-64-128-256 channels, global pooling",
                () -> Architectures.ferNet(32), Preprocessing.FER_STANDARDIZED));
        register(new ModelSpec("fer-net-s", "fer4j residual net, half width (16-32-64-128)",
                () -> Architectures.ferNet(16), Preprocessing.FER_STANDARDIZED));
        register(new ModelSpec("fer-net-d", "fer4j residual net, deeper: 2-2-1 residual units in the 64-128-256 stages",
                () -> Architectures.ferNet(32, 2, 2, 1), Preprocessing.FER_STANDARDIZED));
        register(new ModelSpec("fer-net-d3", "fer4j residual net, deeper still: 3-3-1 residual units in the 64-128-256 stages",
                () -> Architectures.ferNet(32, 3, 3, 1), Preprocessing.FER_STANDARDIZED));
        register(new ModelSpec("fer-net-dw", "fer4j residual net, fer-net-d at width 40 (40-80-160-320 channels)",
                () -> Architectures.ferNet(40, 2, 2, 1), Preprocessing.FER_STANDARDIZED));
        register(new ModelSpec("seed-cnn", "tutorial FaceCNN (42.6M parameters, RReLU, equalized input)",
                Architectures::seedCnn, Preprocessing.TUTORIAL_EQUALIZED));
        register(new ModelSpec("seed-vgg", "tutorial VGG (2x32, 3x64, 3x128 convs, 4096-4096 head)",
                Architectures::seedVgg, Preprocessing.UNIT_SCALE));
        register(new ModelSpec("seed-resnet", "tutorial ResNet-18 shape", Architectures::seedResnet, Preprocessing.UNIT_SCALE));
        register(new ModelSpec("seed-simple-cnn", "tutorial comparison script's simple CNN",
                Architectures::seedSimpleCnn, Preprocessing.UNIT_SCALE));
    }

    private ModelRegistry() {
    }

    private static void register(ModelSpec spec) {
        SPECS.put(spec.name(), spec);
    }

    /**
     * @param name a registered name
     * @return its spec
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static ModelSpec get(String name) {
        ModelSpec s = SPECS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; known: " + String.join(", ", SPECS.keySet()));
        }
        return s;
    }

    /** @return every registered spec, in registration order */
    public static Collection<ModelSpec> all() {
        return Collections.unmodifiableCollection(SPECS.values());
    }
}
