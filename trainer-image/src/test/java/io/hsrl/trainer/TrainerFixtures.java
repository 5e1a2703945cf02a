package io.hsrl.trainer;

import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LogReaders;
import io.hsrl.core.sid.BuildProgress;
import io.hsrl.core.sid.IndexBuilder;
import io.hsrl.core.sid.IndexOptions;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.S3Settings;
import io.hsrl.store.testing.S3ProxyServer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the trainer's command tests share: tiny agent sizes, a tiny world to train in, an S3 server. */
final class TrainerFixtures {
    /** Agent options small enough for a test to train in seconds on the CPU. */
    static final String[] SMALL = {"--episode-batch-size", "4", "--batch-size", "8", "--start-timestamp", "16",
        "--buffer-size", "200", "--d-model", "8", "--n-head", "2", "--n-layer", "1", "--d-forward", "16",
        "--critic-hidden-dims", "8,4", "--device", "cpu"};

    private TrainerFixtures() {
    }

    /** The given arguments followed by {@link #SMALL}. */
    static String[] args(String... first) {
        List<String> a = new ArrayList<>(List.of(first));
        a.addAll(List.of(SMALL));
        return a.toArray(new String[0]);
    }

    /** Where a tiny world lies: RL4RS logs, the simulator fitted on them, a Semantic-ID index of their items. */
    record World(String data, String simulator, String index) {
    }

    /**
     * Generates 40 items × 60 users of RL4RS logs under {@code base}/rl4rs, fits a simulator (one epoch) into
     * {@code base}/sim and builds an index (L=2, K=8) into {@code base}/index; {@code storeEnv} reaches the store.
     */
    static World world(QuarkusMainLauncher launcher, String base, Map<String, String> storeEnv) throws IOException {
        World w = new World(base + "/rl4rs", base + "/sim", base + "/index");
        LaunchResult g = launcher.launch("generate", "--format", "rl4rs", "--items", "40", "--users", "60",
                "--rows-per-user", "3", "--seed", "3", "--out", w.data());
        assertThat(g.exitCode()).as(g.getErrorOutput()).isZero();
        LaunchResult s = launcher.launch("simulator", "--data", w.data(), "--format", "rl4rs", "--out", w.simulator(),
                "--epochs", "1", "--device", "cpu");
        assertThat(s.exitCode()).as(s.getErrorOutput()).isZero();
        try (ObjectStores store = ObjectStores.from(storeEnv)) {
            var items = LogReaders.read(store, w.data(), LogFormat.RL4RS, LogReaders.Options.defaults()).features().items();
            IndexBuilder.build(items, new IndexOptions(2, 8, KMeansMode.BALANCED, 1, CollisionStrategy.EXTRA_LEVEL, 5),
                    BuildProgress.NONE).write(store, w.index());
        }
        return w;
    }

    /** An s3proxy server under {@code dir}, its settings as system properties (the trainer's store reads them). */
    static S3ProxyServer startS3(Path dir) throws IOException {
        S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3data"));
        s3.environment().forEach(System::setProperty);
        return s3;
    }

    static void stopS3(S3ProxyServer s3) {
        for (String name : List.of(S3Settings.ENDPOINT, S3Settings.ACCESS_KEY, S3Settings.SECRET_KEY, S3Settings.REGION)) {
            System.clearProperty(name);
        }
        if (s3 != null) {
            s3.close();
        }
    }
}
