package io.hsrl.trainer;

import ai.djl.Device;
import io.hsrl.core.agent.CatalogueSids;
import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LogFormatException;
import io.hsrl.core.data.LogReaders;
import io.hsrl.core.sid.SidIndex;
import io.hsrl.core.sid.SidSpace;
import io.hsrl.core.agent.ReferenceSidTable;
import io.hsrl.core.simulator.Environment;
import io.hsrl.core.simulator.EnvironmentConfig;
import io.hsrl.core.simulator.UserResponseModel;
import io.hsrl.store.ObjectStore;
import io.hsrl.store.ObjectUri;

import java.io.IOException;
import java.io.PrintStream;

/**
 * What an agent is trained and evaluated in: the logged rows users start from, the simulator (user-response model)
 * and the Semantic-ID index, loaded from URIs (local or s3://), with the index re-addressed by the catalogue.
 */
final class AgentWorld implements AutoCloseable {
    final LogDataset dataset;
    final UserResponseModel urm;
    final SidIndex index;
    final SidSpace sids;
    final String dataUri;
    final String format;
    final String simulatorUri;
    final String indexUri;

    private AgentWorld(LogDataset dataset, UserResponseModel urm, SidIndex index, SidSpace sids, String dataUri,
                       String format, String simulatorUri, String indexUri) {
        this.dataset = dataset;
        this.urm = urm;
        this.index = index;
        this.sids = sids;
        this.dataUri = dataUri;
        this.format = format;
        this.simulatorUri = simulatorUri;
        this.indexUri = indexUri;
    }

    /**
     * @param indexUri the index's stats.json or its folder; null when no agent needs SIDs (random, popular)
     */
    static AgentWorld load(ObjectStore store, String data, String format, String simulator, String indexUri,
                           int slateSize, int historyLength, long seed, Device device, PrintStream log) throws IOException {
        if (data == null || format == null || simulator == null) {
            throw new IllegalArgumentException("--data, --format and --simulator are required");
        }
        LogFormat f = LogFormat.parse(format);
        LogDataset dataset;
        try {
            dataset = LogReaders.read(store, data, f, new LogReaders.Options(slateSize, historyLength, seed));
        } catch (LogFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        log.println("read " + dataset.train());
        UserResponseModel urm = UserResponseModel.load(store, simulator, device);
        SidIndex index = null;
        CatalogueSids sids = null;
        if (indexUri != null) {
            String folder = indexUri.endsWith(".json") ? ObjectUri.parent(indexUri) : indexUri;
            index = SidIndex.read(store, folder);
            sids = new CatalogueSids(index.itemMap(), dataset.features().items());
            log.println("index " + folder + ": " + index.itemMap().items() + " items, SID length " + sids.length());
        }
        return new AgentWorld(dataset, urm, index, sids, data, f.value(), simulator, indexUri);
    }

    /**
     * The same world with the Python reference's own item → SID table (its {@code sid_index_item2sid.npy}) as the
     * agent's SID space instead of the index's (reference mode: both programs act in one token space).
     */
    AgentWorld withReferenceSids(ObjectStore store, String uri, PrintStream log) throws IOException {
        byte[] bytes;
        try (var in = store.open(uri)) {
            bytes = in.readAllBytes();
        }
        ReferenceSidTable table = ReferenceSidTable.readNpy(bytes, dataset.features().items(), uri);
        log.println("reference SIDs " + uri + ": " + table);
        return new AgentWorld(dataset, urm, index, table, dataUri, format, simulatorUri, indexUri);
    }

    Environment environment(int users, int initialTemper) {
        EnvironmentConfig base = EnvironmentConfig.forFormat(format);
        EnvironmentConfig c = new EnvironmentConfig(users, initialTemper, base.reward(), base.sweetPoint(), base.conversions());
        return new Environment(urm, dataset.train(), c);
    }

    int[][] loggedHistories() {
        var rows = dataset.train();
        int[][] out = new int[rows.rows()][rows.historyLength()];
        for (int r = 0; r < out.length; r++) {
            rows.copyHistory(r, out[r], 0);
        }
        return out;
    }

    @Override
    public void close() {
        urm.close();
    }
}
