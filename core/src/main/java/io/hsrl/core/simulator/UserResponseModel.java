package io.hsrl.core.simulator;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.hsrl.core.data.DataPaths;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LoggedSlates;
import io.hsrl.core.engine.ComputeDevice;
import io.hsrl.store.ObjectStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fitted user-response model used as the simulator: click probabilities {@code σ(score)} for slates. By default the
 * network runs in eval mode; {@code reference} keeps the profile dropout active while simulating, as the reference
 * does (§2 "Important for simulator parity", §13 item 9). Every call works in its own NDManager scope.
 * Persisted as {@code urm.params} ({@code Block.saveParameters}) plus the {@code urm.json} manifest.
 */
public final class UserResponseModel implements AutoCloseable {
    public static final String MANIFEST_FILE = "urm.json";
    public static final String PARAMETERS_FILE = "urm.params";

    private final Model model;
    private final UserResponseNetwork network;
    private final ParameterStore parameters;
    private final UserResponseManifest manifest;
    private FittedConversionModel conversions;

    UserResponseModel(Model model, UserResponseNetwork network, UserResponseManifest manifest) {
        this.model = model;
        this.network = network;
        this.manifest = manifest;
        // simulation never trains the URM: no autograd bookkeeping on its parameters
        network.freezeParameters(true);
        this.parameters = new ParameterStore(model.getNDManager(), false);
    }

    public UserResponseShape shape() {
        return network.shape();
    }

    public UserResponseManifest manifest() {
        return manifest;
    }

    public UserResponseMetrics metrics() {
        return manifest.metrics();
    }

    /**
     * The conversion model fitted beside this click model ({@code conversion.json} in the same folder), or null: then
     * the environment uses the hand-set {@link ConversionModel}.
     */
    public FittedConversionModel conversions() {
        return conversions;
    }

    /** Attaches (or, with null, detaches) a conversion model of the same data dimensions; this model closes it. */
    public void attachConversions(FittedConversionModel model) {
        if (model != null) {
            UserResponseShape a = shape();
            UserResponseShape b = model.shape();
            if (a.profileDimension() != b.profileDimension() || a.itemDimension() != b.itemDimension()
                    || a.slateSize() != b.slateSize() || a.historyLength() != b.historyLength()) {
                throw new IllegalArgumentException("conversion model of shape " + b + " does not fit the click model's "
                        + a);
            }
        }
        if (conversions != null && conversions != model) {
            conversions.close();
        }
        conversions = model;
    }

    /** Whether dropout stays on while simulating (the reference quirk). */
    public boolean dropoutInSimulation() {
        return manifest.args().reference();
    }

    public Device device() {
        return model.getNDManager().getDevice();
    }

    /**
     * Click probabilities, row-major {@code (batch, K)}, for host arrays: profiles {@code (batch, P)}, history features
     * {@code (batch, H, d)}, exposure features {@code (batch, K, d)}.
     */
    public float[] clickProbabilities(float[] profiles, float[] historyFeatures, float[] exposureFeatures, int batch) {
        return scoresOrProbabilities(profiles, historyFeatures, exposureFeatures, batch, true, dropoutInSimulation());
    }

    /** Raw scores (logits) with dropout off, for evaluation. */
    public float[] scores(float[] profiles, float[] historyFeatures, float[] exposureFeatures, int batch) {
        return scoresOrProbabilities(profiles, historyFeatures, exposureFeatures, batch, false, false);
    }

    private float[] scoresOrProbabilities(float[] profiles, float[] historyFeatures, float[] exposureFeatures, int batch,
                                          boolean sigmoid, boolean dropout) {
        try (NDManager step = model.getNDManager().newSubManager()) {
            NDList in = network.inputs(step, profiles, historyFeatures, exposureFeatures, batch);
            NDArray out = network.forward(parameters, in, dropout).singletonOrThrow();
            if (sigmoid) {
                out = ai.djl.nn.Activation.sigmoid(out);
            }
            return out.toFloatArray();
        }
    }

    /** Scores of logged rows (dropout off), row-major {@code (rows, K)}. */
    public float[] scores(LoggedSlates data, int batchSize) {
        UserResponseShape s = network.shape();
        int k = s.slateSize();
        float[] out = new float[data.rows() * k];
        InputBatch in = new InputBatch(s, batchSize);
        for (int from = 0; from < data.rows(); from += batchSize) {
            int n = Math.min(batchSize, data.rows() - from);
            in.fill(data, null, from, n);
            float[] sc = scores(in.profiles(n), in.history(n), in.exposure(n), n);
            System.arraycopy(sc, 0, out, from * k, n * k);
        }
        return out;
    }

    /**
     * Writes {@code urm.params} and {@code urm.json} under {@code dir}, and the attached conversion model's
     * {@code conversion.params} and {@code conversion.json} (without one, removes those files).
     */
    public void save(ObjectStore store, String dir) throws IOException {
        String base = DataPaths.folder(dir);
        store.write(base + PARAMETERS_FILE, parameterBytes(network));
        store.writeJson(base + MANIFEST_FILE, manifest);
        if (conversions != null) {
            conversions.save(store, dir);
        } else {
            // a folder never pairs this click model with a conversion model fitted beside another one
            store.delete(base + FittedConversionModel.MANIFEST_FILE);
            store.delete(base + FittedConversionModel.PARAMETERS_FILE);
        }
    }

    /**
     * Loads a model written by {@link #save}, with its conversion model when the folder holds one; shape and schema
     * mismatches are errors naming the file.
     */
    public static UserResponseModel load(ObjectStore store, String dir, Device device) throws IOException {
        String base = DataPaths.folder(dir);
        UserResponseManifest m = store.readJson(base + MANIFEST_FILE, UserResponseManifest.class);
        if (m.schemaVersion() != UserResponseManifest.SCHEMA_VERSION || !UserResponseManifest.KIND.equals(m.kind())) {
            throw new IOException(base + MANIFEST_FILE + ": not a user-response model of schema version "
                    + UserResponseManifest.SCHEMA_VERSION + " (kind " + m.kind() + ", schemaVersion " + m.schemaVersion() + ")");
        }
        byte[] params = store.read(base + (m.parametersFile() == null ? PARAMETERS_FILE : m.parametersFile()));
        ComputeDevice.engine();
        Model model = Model.newInstance("user-response", device, "PyTorch");
        try {
            UserResponseNetwork network = new UserResponseNetwork(m.shape());
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32, network.inputShapes(1));
            try {
                readParameters(network, model.getNDManager(), params);
            } catch (MalformedModelException e) {
                throw new IOException(base + PARAMETERS_FILE + ": " + e.getMessage(), e);
            }
            Map<String, long[]> actual = parameterShapes(network);
            if (m.parameterShapes() != null && !sameShapes(m.parameterShapes(), actual)) {
                throw new IOException(base + MANIFEST_FILE + ": parameter shapes do not match the architecture");
            }
            UserResponseModel loaded = new UserResponseModel(model, network, m);
            if (FittedConversionModel.present(store, dir)) {
                FittedConversionModel c = FittedConversionModel.load(store, dir, device);
                try {
                    loaded.attachConversions(c);
                } catch (IllegalArgumentException e) {
                    c.close();
                    throw new IOException(base + FittedConversionModel.MANIFEST_FILE + ": " + e.getMessage(), e);
                }
            }
            return loaded;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** A network's parameters as {@code Block.saveParameters} writes them. */
    static byte[] parameterBytes(ai.djl.nn.Block network) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            network.saveParameters(out);
        }
        return bytes.toByteArray();
    }

    /** Loads {@link #parameterBytes} into an initialised network of the same architecture. */
    static void readParameters(ai.djl.nn.Block network, NDManager manager, byte[] params)
            throws IOException, MalformedModelException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
            network.loadParameters(manager, in);
        }
    }

    /** Parameter name → shape of a network, recorded in a manifest and checked on load. */
    static Map<String, long[]> parameterShapes(ai.djl.nn.Block network) {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().getShape().getShape());
        }
        return out;
    }

    static boolean sameShapes(Map<String, long[]> a, Map<String, long[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, long[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (conversions != null) {
            conversions.close();
        }
        model.close();
    }

    /** Host buffers for one batch of URM inputs gathered from logged rows. */
    static final class InputBatch {
        private final UserResponseShape s;
        private final float[] profiles;
        private final float[] history;
        private final float[] exposure;
        private final float[] labels;
        private final int[] historyIdx;
        private final int[] slateIdx;

        InputBatch(UserResponseShape s, int capacity) {
            this.s = s;
            profiles = new float[capacity * s.profileDimension()];
            history = new float[capacity * s.historyLength() * s.itemDimension()];
            exposure = new float[capacity * s.slateSize() * s.itemDimension()];
            labels = new float[capacity * s.slateSize()];
            historyIdx = new int[s.historyLength()];
            slateIdx = new int[s.slateSize()];
        }

        /** Rows {@code order[from..from+n)} (or {@code from..from+n} when order is null). */
        void fill(LoggedSlates data, int[] order, int from, int n) {
            ItemFeatures f = data.features();
            int h = s.historyLength();
            int k = s.slateSize();
            int d = s.itemDimension();
            for (int i = 0; i < n; i++) {
                int r = order == null ? from + i : order[from + i];
                data.copyProfile(r, profiles, i * s.profileDimension());
                data.copyHistory(r, historyIdx, 0);
                f.gather(historyIdx, 0, h, history, i * h * d);
                data.copySlate(r, slateIdx, 0);
                f.gather(slateIdx, 0, k, exposure, i * k * d);
                data.copyFeedback(r, labels, i * k);
            }
        }

        float[] profiles(int n) {
            return cut(profiles, n * s.profileDimension());
        }

        float[] history(int n) {
            return cut(history, n * s.historyLength() * s.itemDimension());
        }

        float[] exposure(int n) {
            return cut(exposure, n * s.slateSize() * s.itemDimension());
        }

        /** The rows' click feedback, {@code (n, K)}. */
        float[] labels(int n) {
            return cut(labels, n * s.slateSize());
        }

        /** The first {@code len} values of a full buffer (the buffer itself when it holds exactly those). */
        static float[] cut(float[] a, int len) {
            return len == a.length ? a : Arrays.copyOf(a, len);
        }
    }
}
