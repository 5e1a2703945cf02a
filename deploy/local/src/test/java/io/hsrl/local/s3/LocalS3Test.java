package io.hsrl.local.s3;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hsrl.local.api.LocalApiServer;
import io.hsrl.store.ObjectStores;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class LocalS3Test {
    @TempDir
    Path data;

    static Path jar() {
        return Path.of(System.getProperty("hsrl.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void objectsAndCredentialsSurviveARestartAndTheSecretCarriesThem() throws Exception {
        int port = freePort();
        String secretKey;
        try (LocalS3 s3 = LocalS3.start(jar(), data, "127.0.0.1", port)) {
            try (MinioClient c = s3.client()) {
                assertThat(c.bucketExists(BucketExistsArgs.builder().bucket("hsrl").build())).isTrue();
            }
            try (ObjectStores store = ObjectStores.of(s3.settings())) {
                store.write("s3://hsrl/datasets/t/hello.txt", "hello".getBytes(StandardCharsets.UTF_8));
            }
            secretKey = s3.settings().secretKey();
            assertThat(s3.settings().toString()).doesNotContain(secretKey);

            try (LocalApiServer api = LocalApiServer.start("127.0.0.1", 0);
                 KubernetesClient k = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                         .withMasterUrl(api.url()).build()).build()) {
                ObjectStoreSecret.put(k, "default", s3.settings());
                ObjectStoreSecret.put(k, "default", s3.settings());
                Secret secret = k.secrets().inNamespace("default").withName(ObjectStoreSecret.NAME).get();
                assertThat(decode(secret, "endpoint")).isEqualTo("http://127.0.0.1:" + port);
                assertThat(decode(secret, "accessKey")).isEqualTo(LocalS3.ACCESS_KEY);
                assertThat(decode(secret, "secretKey")).isEqualTo(secretKey);
                assertThat(k.namespaces().withName("default").get()).isNotNull();
            }
        }
        try (LocalS3 again = LocalS3.start(jar(), data, "127.0.0.1", port);
             ObjectStores store = ObjectStores.of(again.settings())) {
            assertThat(again.settings().secretKey()).isEqualTo(secretKey);
            assertThat(new String(store.read("s3://hsrl/datasets/t/hello.txt"), StandardCharsets.UTF_8))
                    .isEqualTo("hello");
        }
        assertThat(data.resolve("s3.credentials").toFile()).exists();
        assertThat(java.nio.file.Files.getPosixFilePermissions(data.resolve("s3.credentials")))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    static String decode(Secret s, String key) {
        return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
    }
}
