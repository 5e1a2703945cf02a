package io.hsrl.core.simulator;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.hsrl.core.data.DataPaths;
import io.hsrl.core.engine.ComputeDevice;
import io.hsrl.store.ObjectStore;

import java.io.IOException;

/**
 * {@code P(conversion | click, user, history, item)} fitted on the logs' clicked exposures ({@link ConversionTraining}):
 * the simulator's conversion response when its folder holds one, in place of the hand-set {@link ConversionModel}.
 * Persisted as {@code conversion.params} ({@code Block.saveParameters}) plus the {@code conversion.json} manifest
 * ({@link ConversionManifest}) beside the click model's {@code urm.params} and {@code urm.json}. Runs in eval mode
 * (dropout off); every call works in its own NDManager scope.
 */
public final class FittedConversionModel implements AutoCloseable {
    public static final String MANIFEST_FILE = "conversion.json";
    public static final String PARAMETERS_FILE = "conversion.params";

    private final Model model;
    private final ConversionNetwork network;
    private final ParameterStore parameters;
    private final ConversionManifest manifest;

    FittedConversionModel(Model model, ConversionNetwork network, ConversionManifest manifest) {
        this.model = model;
        this.network = network;
        this.manifest = manifest;
        network.freezeParameters(true);
        this.parameters = new ParameterStore(model.getNDManager(), false);
    }

    public ConversionManifest manifest() {
        return manifest;
    }

    public ConversionMetrics metrics() {
        return manifest.metrics();
    }

    public UserResponseShape shape() {
        return network.shape();
    }

    /** The log-price scale the model was fitted with: the environment's {@code z} must be on it. */
    public PriceScale priceScale() {
        return manifest.priceScale();
    }

    /**
     * Conversion probabilities given a click, row-major {@code (batch, K)}, for host arrays: profiles {@code (batch, P)},
     * history features {@code (batch, H, d)}, exposure features {@code (batch, K, d)}, price z {@code (batch, K)}.
     */
    public float[] probabilities(float[] profiles, float[] historyFeatures, float[] exposureFeatures, float[] priceZ,
                                 int batch) {
        return forward(profiles, historyFeatures, exposureFeatures, priceZ, batch, true);
    }

    /** Logits of {@link #probabilities}. */
    public float[] logits(float[] profiles, float[] historyFeatures, float[] exposureFeatures, float[] priceZ, int batch) {
        return forward(profiles, historyFeatures, exposureFeatures, priceZ, batch, false);
    }

    private float[] forward(float[] profiles, float[] historyFeatures, float[] exposureFeatures, float[] priceZ,
                            int batch, boolean sigmoid) {
        try (NDManager step = model.getNDManager().newSubManager()) {
            NDList in = network.inputs(step, profiles, historyFeatures, exposureFeatures, priceZ, batch);
            NDArray out = network.forward(parameters, in, false).singletonOrThrow();
            if (sigmoid) {
                out = ai.djl.nn.Activation.sigmoid(out);
            }
            return out.toFloatArray();
        }
    }

    /** Writes {@code conversion.params} and {@code conversion.json} under {@code dir}. */
    public void save(ObjectStore store, String dir) throws IOException {
        String base = DataPaths.folder(dir);
        store.write(base + PARAMETERS_FILE, UserResponseModel.parameterBytes(network));
        store.writeJson(base + MANIFEST_FILE, manifest);
    }

    /** Whether {@code dir} holds a conversion model ({@code conversion.json}). */
    public static boolean present(ObjectStore store, String dir) throws IOException {
        return store.exists(DataPaths.folder(dir) + MANIFEST_FILE);
    }

    /**
     * Loads a model written by {@link #save}; a manifest of another kind or schema, parameters that do not read back
     * or do not match the manifest's architecture are errors naming the file.
     */
    public static FittedConversionModel load(ObjectStore store, String dir, Device device) throws IOException {
        String base = DataPaths.folder(dir);
        ConversionManifest m;
        try {
            m = store.readJson(base + MANIFEST_FILE, ConversionManifest.class);
        } catch (IOException | RuntimeException e) {
            throw new IOException(base + MANIFEST_FILE + ": not a readable conversion model manifest: " + e.getMessage(), e);
        }
        if (m == null || m.schemaVersion() != ConversionManifest.SCHEMA_VERSION || !ConversionManifest.KIND.equals(m.kind())) {
            throw new IOException(base + MANIFEST_FILE + ": not a conversion model of schema version "
                    + ConversionManifest.SCHEMA_VERSION + (m == null ? "" : " (kind " + m.kind() + ", schemaVersion "
                    + m.schemaVersion() + ")"));
        }
        if (m.shape() == null || m.priceScale() == null) {
            throw new IOException(base + MANIFEST_FILE + ": shape and priceScale are required");
        }
        String paramsFile = base + (m.parametersFile() == null ? PARAMETERS_FILE : m.parametersFile());
        byte[] params = store.read(paramsFile);
        ComputeDevice.engine();
        Model model = Model.newInstance("conversion", device, "PyTorch");
        try {
            ConversionNetwork network = new ConversionNetwork(m.shape());
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32, network.inputShapes(1));
            try {
                UserResponseModel.readParameters(network, model.getNDManager(), params);
            } catch (MalformedModelException | IOException | RuntimeException e) {
                throw new IOException(paramsFile + ": does not hold the parameters of the conversion model in "
                        + base + MANIFEST_FILE + ": " + e.getMessage(), e);
            }
            if (m.parameterShapes() != null && !UserResponseModel.sameShapes(m.parameterShapes(),
                    UserResponseModel.parameterShapes(network))) {
                throw new IOException(base + MANIFEST_FILE + ": parameter shapes do not match the architecture");
            }
            return new FittedConversionModel(model, network, m);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
