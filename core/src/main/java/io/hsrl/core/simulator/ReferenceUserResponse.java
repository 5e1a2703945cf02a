package io.hsrl.core.simulator;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.hsrl.core.data.DataPaths;
import io.hsrl.core.data.LogDataset;
import io.hsrl.core.data.LoggedSlates;
import io.hsrl.core.engine.ComputeDevice;
import io.hsrl.store.ObjectStore;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * Loads a user-response model trained by the Python reference ({@code train_env.py}, hsrl-reference.md §2) into this
 * simulator. The input is a folder with one {@code .npy} per state-dict tensor, named by its state-dict name
 * ({@code item_emb_layer.weight.npy}, ...; {@code export_reference_urm.py} writes them from the checkpoint), and
 * optionally {@code urm_args.json} ({@code attn_n_head}, {@code dropout_rate}; defaults 2 and 0.2, the released
 * values). The sizes come from the tensors; slate size and history length from the dataset the model simulates.
 * ML1M's {@code uEmb}/{@code iEmb} tables, unused by the forward pass, are not needed.
 */
public final class ReferenceUserResponse {
    public static final String ARGS_FILE = "urm_args.json";

    private ReferenceUserResponse() {
    }

    /**
     * @param data                the dataset the model simulates (its shapes are checked; its test rows, when
     *                            present, give the imported model's validation metrics)
     * @param dropoutInSimulation keep the profile dropout on while simulating, as the reference does
     */
    public static UserResponseModel load(ObjectStore store, String dir, LogDataset data, String dataUri,
                                         boolean dropoutInSimulation, Device device) throws IOException {
        String base = DataPaths.folder(dir);
        int heads = 2;
        float dropout = 0.2f;
        if (store.exists(base + ARGS_FILE)) {
            Map<?, ?> args = store.readJson(base + ARGS_FILE, Map.class);
            if (args.get("attn_n_head") instanceof Number n) {
                heads = n.intValue();
            }
            if (args.get("dropout_rate") instanceof Number n) {
                dropout = n.floatValue();
            }
        }
        String second = "portrait_encoding_layer.layers." + (dropout > 0 ? "3" : "2") + ".weight";
        NpyTensor hiddenW = tensor(store, base, "portrait_encoding_layer.layers.0.weight", 2);
        NpyTensor outW = tensor(store, base, second, 2);
        NpyTensor itemW = tensor(store, base, "item_emb_layer.weight", 2);
        int hidden = (int) hiddenW.shape()[0];
        int profile = (int) hiddenW.shape()[1];
        int f = (int) outW.shape()[0];
        int itemDim = (int) itemW.shape()[1];
        LoggedSlates train = data.train();
        if (profile != train.profileDimension()) {
            throw new IOException(base + "portrait_encoding_layer.layers.0.weight.npy: the model takes " + profile
                    + " profile values, " + train.source() + " has " + train.profileDimension());
        }
        if (itemDim != train.itemDimension()) {
            throw new IOException(base + "item_emb_layer.weight.npy: the model takes " + itemDim + "-d item vectors, "
                    + train.source() + " has " + train.itemDimension());
        }
        boolean concat = store.exists(base + "concat_layer.weight.npy");
        UserResponseShape shape = new UserResponseShape(profile, itemDim, train.slateSize(), train.historyLength(), f,
                hidden, heads, dropout, concat);
        ComputeDevice.engine();
        Model model = Model.newInstance("user-response", device, "PyTorch");
        try {
            UserResponseNetwork network = new UserResponseNetwork(shape);
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32, network.inputShapes(1));
            for (Map.Entry<String, Parameter> e : network.referenceParameters().entrySet()) {
                NpyTensor t = tensor(store, base, e.getKey(), -1);
                long[] expected = e.getValue().getArray().getShape().getShape();
                if (!Arrays.equals(t.shape(), expected)) {
                    throw new IOException(base + e.getKey() + ".npy: shape " + Arrays.toString(t.shape())
                            + ", the architecture needs " + Arrays.toString(expected));
                }
                e.getValue().getArray().set(FloatBuffer.wrap(t.values()));
            }
            UserResponseTraining.Args d = UserResponseTraining.Args.defaults();
            UserResponseTraining.Args args = new UserResponseTraining.Args(d.epochs(), d.batchSize(), d.learningRate(),
                    d.l2(), d.seed(), dropoutInSimulation, 0, f, hidden, heads, dropout);
            UserResponseManifest.DataRef ref = new UserResponseManifest.DataRef(dataUri, data.format().value(),
                    train.historyLength(), train.slateSize());
            UserResponseManifest provisional = new UserResponseManifest(UserResponseManifest.SCHEMA_VERSION,
                    UserResponseManifest.KIND, shape, args, null, ref, UserResponseModel.parameterShapes(network),
                    UserResponseModel.PARAMETERS_FILE);
            UserResponseModel imported = new UserResponseModel(model, network, provisional);
            UserResponseMetrics metrics = UserResponseTraining.evaluate(imported, train.rows(), data.test(),
                    Double.NaN, 0, 0, 128);
            return new UserResponseModel(model, network, new UserResponseManifest(provisional.schemaVersion(),
                    provisional.kind(), shape, args, metrics, ref, provisional.parameterShapes(),
                    provisional.parametersFile()));
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static NpyTensor tensor(ObjectStore store, String base, String name, int rank) throws IOException {
        String file = base + name + ".npy";
        if (!store.exists(file)) {
            throw new java.io.FileNotFoundException(file + ": missing (one .npy per state-dict tensor is expected)");
        }
        NpyTensor t = NpyTensor.parse(store.read(file), file);
        if (rank >= 0 && t.shape().length != rank) {
            throw new IOException(file + ": expected a " + rank + "-d tensor, shape was " + Arrays.toString(t.shape()));
        }
        return t;
    }
}
