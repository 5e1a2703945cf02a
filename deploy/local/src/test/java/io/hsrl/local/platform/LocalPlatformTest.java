package io.hsrl.local.platform;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hsrl.local.TestPaths;
import io.hsrl.local.s3.ObjectStoreSecret;
import io.hsrl.store.ObjectStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPlatformTest {
    @TempDir
    Path data;

    @Test
    void upAppliesCrdsPutsSecretsServesS3AndDownStopsTheTree() throws Exception {
        PlatformOptions options = new PlatformOptions("127.0.0.1", 0, Optional.empty(), data, TestPaths.repoRoot(),
                Optional.empty(), true);
        long s3Pid;
        try (LocalPlatform platform = LocalPlatform.start(options)) {
            Map<String, String> status = platform.status();
            assertThat(status.get("api")).startsWith("http://127.0.0.1:");
            assertThat(status.get("crds")).contains("hsrltrainings.hsrl.io").contains("abexperiments.hsrl.io");
            assertThat(Files.readString(data.resolve("kubeconfig"))).contains(status.get("api"));
            assertThat(Files.isRegularFile(options.statusFile())).isTrue();
            KubernetesClient k = platform.client();
            for (String ns : LocalPlatform.NAMESPACES) {
                assertThat(k.secrets().inNamespace(ns).withName(ObjectStoreSecret.NAME).get()).isNotNull();
            }
            assertThat(k.apiextensions().v1().customResourceDefinitions().list().getItems()).hasSize(4);
            // The operator and ab-controller are reported, started or not, never silently skipped.
            assertThat(status).containsKeys("operator", "ab-controller");
            s3Pid = Long.parseLong(status.get("s3.pid"));
            try (ObjectStores store = ObjectStores.from(Map.of("HSRL_S3_ENDPOINT", status.get("s3"),
                    "HSRL_S3_ACCESS_KEY", "hsrl-local",
                    "HSRL_S3_SECRET_KEY", Files.readString(data.resolve("s3.credentials")).trim()))) {
                store.write("s3://hsrl/x.txt", new byte[]{1, 2, 3});
                assertThat(store.read("s3://hsrl/x.txt")).containsExactly(1, 2, 3);
            }
            assertThat(LocalPlatform.defaultImages(TestPaths.repoRoot()).find("ghcr.io/hsrl/hsrl-trainer:0.1.0"))
                    .isPresent();
            assertThat(LocalPlatform.defaultImages(TestPaths.repoRoot()).find("busybox")).isEmpty();
        }
        assertThat(ProcessHandle.of(s3Pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.exists(options.statusFile())).isFalse();
    }
}
