package io.hsrl.core.agent;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.hsrl.contracts.PolicyMode;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.data.ItemFeatures;
import io.hsrl.core.data.LoggedSlates;
import io.hsrl.core.testing.ToyLogs;
import io.hsrl.core.testing.ToySimulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Same seed, same learning: each agent trains a few iterations at small sizes from a fixed seed, and everything its
 * checkpoint holds (parameters, Polyak targets, Adam moments and step counts) is compared with the figures recorded in
 * {@code same-seed-digests.properties}: a SHA-256 of the checkpoint files and, per file, three checksums of its float
 * values (Σx, Σ±x with a fixed sign pattern, Σ|x|).
 * <p>
 * A digest mismatch is accepted when every checksum is within {@value #RELATIVE_TOLERANCE} of the file's Σ|x|: libtorch
 * picks its CPU kernels (AVX2, AVX-512) by machine, which changes the order of floating-point sums and nothing else
 * (a change of summation order measured within 2e-6 of Σ|x| after these iterations, same dropout masks, same
 * decisions). {@code -Dhsrl.golden.exact=true} demands bit-identical digests (for checking a change that must not alter
 * a single bit, against figures recorded with the code before it).
 * <p>
 * When the learning maths change on purpose, record the new figures (and say why in the commit):
 * <pre>
 * mvn -B -o -q -pl core test -Dtest=SameSeedRegressionTest -Dsurefire.failIfNoSpecifiedTests=false -Dhsrl.golden.update=true
 * </pre>
 */
class SameSeedRegressionTest {
    static final double RELATIVE_TOLERANCE = 1e-5;
    static final String GOLDEN = "same-seed-digests.properties";
    static final Path SOURCE = Path.of("src/test/resources/io/hsrl/core/agent", GOLDEN);
    static final int ITERATIONS = 6;
    static final int CLUSTERS = 4;
    static final int PER_CLUSTER = 12;
    static final int USERS = 4;
    static final int H = 10;
    static final int K = 4;
    static final ItemTable ITEMS = ToySimulator.itemTable(CLUSTERS, PER_CLUSTER, 4, 1);

    @ParameterizedTest
    @ValueSource(strings = {"hsrl", "hsrl-behaviour", "reference", "reference-behaviour", "flat-a2c", "ddpg", "sl"})
    void sameSeedGivesTheRecordedParameters(String agent) throws Exception {
        Map<String, byte[]> state = train(agent);
        String digest = digest(state);
        List<String> sums = checksums(state);
        if (Boolean.getBoolean("hsrl.golden.update")) {
            record(agent, digest, sums);
            return;
        }
        Properties golden = new Properties();
        try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
            assertThat(in).as("%s on the test class path", GOLDEN).isNotNull();
            golden.load(in);
        }
        String expected = golden.getProperty(agent + ".sha256");
        assertThat(expected).as("recorded figures for %s", agent).isNotNull();
        if (digest.equals(expected)) {
            return;
        }
        assertThat(Boolean.getBoolean("hsrl.golden.exact"))
                .as("%s: the checkpoint after %d same-seed iterations is not bit-identical to the recorded one", agent, ITERATIONS)
                .isFalse();
        String[] want = golden.getProperty(agent + ".sums").split(";");
        assertThat(sums).as("%s: checkpoint files", agent).hasSize(want.length);
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            String[] w = want[i].split(",");
            String[] g = sums.get(i).split(",");
            assertThat(g[0]).as("%s: file", agent).isEqualTo(w[0]);
            double scale = Double.parseDouble(w[3]) + 1e-6;
            for (int c = 1; c <= 3; c++) {
                double diff = Math.abs(Double.parseDouble(g[c]) - Double.parseDouble(w[c]));
                worst = Math.max(worst, diff / scale);
                if (diff > RELATIVE_TOLERANCE * scale) {
                    fail("%s: %s checksum %d is %s, recorded %s (off by %.3g of Σ|x|). If the learning maths changed "
                            + "on purpose, record the new figures as this class's comment says.", agent, w[0], c, g[c], w[c],
                            diff / scale);
                }
            }
        }
        System.err.printf("%s: not bit-identical to the recorded checkpoint; checksums within %.1e of Σ|x| (tolerance %.0e)%n",
                agent, worst, RELATIVE_TOLERANCE);
    }

    static Map<String, byte[]> train(String agent) {
        Engine.getEngine("PyTorch").setRandomSeed(11);
        ItemFeatures features = ItemFeatures.of(ITEMS);
        ToySimulator env = new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, 20, 16);
        PolicyMode mode = agent.startsWith("reference") ? PolicyMode.REFERENCE : PolicyMode.HSRL;
        AgentConfig config = AgentConfig.defaults(mode)
                .withSizes(USERS, 8, 500, 16, K, H, 16, 2, 1, 32, new int[] {32, 16})
                .withLearning(1e-3, 1e-3, 0.01, 0.9);
        if (mode == PolicyMode.HSRL) { // the actor moves after two critic-only steps; one entropy coefficient, drawn heads
            HsrlLearning d = HsrlLearning.defaults();
            config = config.withHsrl(new HsrlLearning(d.itemCredit(), d.advantageNorm(), 2, d.tokenCritic(), d.tokenLambda(),
                    d.residualState(), 0, d.advantageClip(), 0));
        }
        if (agent.endsWith("-behaviour")) {
            config = config.withBehavior(1e-3, 1e-5);
        }
        try (NDManager root = NDManager.newBaseManager(); SlateAgent a = agent(root, agent, config, env, features)) {
            TrainingLoop loop = new TrainingLoop(a, env, 5);
            loop.warmUp();
            for (int i = 0; i < ITERATIONS; i++) {
                UpdateReport r = loop.iterate();
                assertThat(r.finite()).as("%s iteration %d: %s", agent, i, r).isTrue();
            }
            return a.state();
        }
    }

    private static SlateAgent agent(NDManager root, String agent, AgentConfig config, ToySimulator env, ItemFeatures features) {
        return switch (agent) {
            case "flat-a2c" -> new FlatA2cAgent(root, config, features, 5);
            case "ddpg" -> new DdpgAgent(root, config, new LatentActionConfig(0.1, 0.1, 1.0), features, 5);
            case "sl" -> new SupervisedAgent(root, config,
                    ToyLogs.record(new ToySimulator(CLUSTERS, PER_CLUSTER, USERS, H, 20, 21), features, K, 10, 3), 5);
            default -> new HsrlAgent(root, config, env.sidSpace(), features, 5);
        };
    }

    static String digest(Map<String, byte[]> state) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, byte[]> e : new TreeMap<>(state).entrySet()) {
            sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            sha.update(e.getValue());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Per checkpoint file (by name): {@code name,Σx,Σ±x,Σ|x|} over its float values (JSON files: their bytes). */
    static List<String> checksums(Map<String, byte[]> state) throws IOException {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(state).entrySet()) {
            List<Float> values = e.getKey().endsWith(".bin") ? floats(e.getValue()) : bytes(e.getValue());
            double sum = 0;
            double signed = 0;
            double abs = 0;
            for (int i = 0; i < values.size(); i++) {
                double x = values.get(i);
                sum += x;
                signed += ((i * 2654435761L) >>> 7 & 1) == 0 ? x : -x;
                abs += Math.abs(x);
            }
            out.add(e.getKey() + "," + sum + "," + signed + "," + abs);
        }
        return out;
    }

    private static List<Float> bytes(byte[] data) {
        List<Float> out = new ArrayList<>();
        for (byte b : data) {
            out.add((float) b);
        }
        return out;
    }

    /** The float values of a parameter file (ParameterSet format) or an optimiser state (TorchAdam format). */
    static List<Float> floats(byte[] data) throws IOException {
        List<Float> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() == 0x48535250) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    in.readUTF();
                    long size = 1;
                    int dims = in.readInt();
                    for (int k = 0; k < dims; k++) {
                        size *= in.readLong();
                    }
                    for (long k = 0; k < size; k++) {
                        out.add(in.readFloat());
                    }
                }
                return out;
            }
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            out.add((float) in.readLong()); // steps
            int n = in.readInt();
            for (int i = 0; i < 2 * n; i++) {
                if (i % 2 == 0) {
                    in.readUTF();
                }
                int size = in.readInt();
                for (int k = 0; k < size; k++) {
                    out.add(in.readFloat());
                }
            }
        }
        return out;
    }

    private static synchronized void record(String agent, String digest, List<String> sums) throws IOException {
        Properties p = new Properties();
        if (Files.exists(SOURCE)) {
            try (InputStream in = Files.newInputStream(SOURCE)) {
                p.load(in);
            }
        }
        p.setProperty(agent + ".sha256", digest);
        p.setProperty(agent + ".sums", String.join(";", sums));
        Files.createDirectories(SOURCE.getParent());
        TreeMap<Object, Object> sorted = new TreeMap<>(p);
        StringBuilder text = new StringBuilder("# Written by SameSeedRegressionTest with -Dhsrl.golden.update=true; see its comment.\n");
        sorted.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try (OutputStream out = Files.newOutputStream(SOURCE)) {
            out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
