package io.hsrl.core.simulator;

import ai.djl.Device;
import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LogReaders;
import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.core.data.SyntheticWriter;
import io.hsrl.store.ObjectStores;
import io.hsrl.store.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The generate → read → fit → save → load path on a real S3 server (s3proxy), as the commands run it in a cluster. */
class SimulatorOnS3Test {
    @Test
    void generatedLogsAndTheFittedModelLiveOnS3(@TempDir Path tmp) throws IOException {
        try (S3ProxyServer s3 = S3ProxyServer.start(tmp.resolve("s3"));
             ObjectStores store = ObjectStores.of(s3.settings())) {
            SyntheticWorld world = SyntheticWorld.create(SyntheticWorld.Config.of(30, 40, 4).withRowsPerUser(3));
            LogDataset log = world.log(LogFormat.ML1M);
            new SyntheticWriter(world, log).write(store, "s3://hsrl-test/data/ml1m", LogFormat.ML1M);
            assertThat(store.list("s3://hsrl-test/data/ml1m/")).contains("s3://hsrl-test/data/ml1m/items_meta.npy",
                    "s3://hsrl-test/data/ml1m/train.tsv", "s3://hsrl-test/data/ml1m/users_meta.npy");

            LogDataset back = LogReaders.read(store, "s3://hsrl-test/data/ml1m", LogFormat.ML1M, LogReaders.Options.defaults());
            assertThat(back.train().rows()).isEqualTo(log.train().rows());
            try (UserResponseModel model = UserResponseTraining.fit(back, "s3://hsrl-test/data/ml1m",
                    UserResponseTraining.Args.defaults().withEpochs(1), Device.cpu(), null)) {
                assertThat(model.shape().concatLayer()).as("ML1M uses the concat layer (§2 step 6)").isTrue();
                model.save(store, "s3://hsrl-test/models/urm");
                try (UserResponseModel loaded = UserResponseModel.load(store, "s3://hsrl-test/models/urm", Device.cpu())) {
                    assertThat(loaded.scores(back.train(), 16)).containsExactly(model.scores(back.train(), 16));
                    assertThat(loaded.manifest().data().uri()).isEqualTo("s3://hsrl-test/data/ml1m");
                    assertThat(loaded.manifest().data().format()).isEqualTo("ml1m");
                }
            }
        }
    }
}
