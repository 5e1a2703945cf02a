package io.hsrl.local.runner;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.hsrl.local.TestPaths;
import io.hsrl.local.api.LocalApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The runner against the embedded API with real processes: the trainer jar, a shell, a JDK HTTP server. */
class WorkloadRunnerTest {
    @TempDir
    static Path data;
    static LocalApiServer api;
    static KubernetesClient client;
    static WorkloadRunner runner;
    static Path trainerJar;

    @BeforeAll
    static void start() {
        api = LocalApiServer.start("127.0.0.1", 0);
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(api.url())
                .withNamespace("default").build()).build();
        trainerJar = Path.of(System.getProperty("hsrl.trainer.jar",
                TestPaths.repoRoot().resolve("trainer-image/target/quarkus-app/quarkus-run.jar").toString()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ImageMap images = new ImageMap(List.of(
                ImageMap.jar("hsrl/trainer", trainerJar, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                        "-Dai.djl.offline=true")),
                new ImageMap.Entry("test/sh", List.of("/bin/sh", "-c")),
                new ImageMap.Entry("test/http", List.of(java, "-XX:TieredStopAtLevel=1", "-cp",
                        Path.of("target/test-classes").toAbsolutePath().toString(),
                        TinyHttpServer.class.getName()))));
        Path djlCache = Path.of("target/djl-cache").toAbsolutePath();
        runner = new WorkloadRunner(client, images, data, Map.of("DJL_CACHE_DIR", djlCache.toString(),
                "DJL_OFFLINE", "true")).start();
    }

    @AfterAll
    static void stop() {
        runner.close();
        client.close();
        api.close();
    }

    static Job job(String name, String image, int backoffLimit, String... args) {
        return new JobBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withBackoffLimit(backoffLimit).withNewTemplate().withNewSpec()
                .withRestartPolicy("Never").addNewContainer().withName("main").withImage(image).withArgs(args)
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    static Job fetch(String name) {
        return client.batch().v1().jobs().inNamespace("default").withName(name).get();
    }

    static String condition(Job j, String type) {
        if (j == null || j.getStatus() == null || j.getStatus().getConditions() == null) {
            return null;
        }
        return j.getStatus().getConditions().stream().filter(c -> c.getType().equals(type) && "True".equals(c.getStatus()))
                .map(c -> c.getReason() == null ? "" : c.getReason()).findFirst().orElse(null);
    }

    @Test
    void trainerInfoJobCompletes() throws Exception {
        assumeTrue(Files.isRegularFile(trainerJar), "trainer jar not built: " + trainerJar);
        client.batch().v1().jobs().resource(job("trainer-info", "hsrl/trainer:0.1.0", 0, "info")).create();
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1))
                .until(() -> condition(fetch("trainer-info"), "Complete") != null
                        || condition(fetch("trainer-info"), "Failed") != null);
        Job done = fetch("trainer-info");
        assertThat(condition(done, "Complete")).as(String.valueOf(done.getStatus())).isNotNull();
        assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
        assertThat(done.getStatus().getActive()).isZero();
        assertThat(done.getStatus().getStartTime()).isNotNull();
        assertThat(done.getStatus().getCompletionTime()).isNotNull();
        Path logs = data.resolve("logs/default");
        List<Path> files;
        try (var s = Files.list(logs)) {
            files = s.filter(p -> p.getFileName().toString().startsWith("trainer-info-")).toList();
        }
        assertThat(files).hasSize(1);
        assertThat(Files.readString(files.get(0))).contains("\"engine\"").contains("PyTorch");
    }

    @Test
    void failingCommandFailsTheJobAfterTheBackoffLimit() throws Exception {
        client.batch().v1().jobs().resource(job("fails", "test/sh", 1, "echo trying; exit 3")).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> condition(fetch("fails"), "Failed") != null);
        Job failed = fetch("fails");
        assertThat(condition(failed, "Failed")).isEqualTo("BackoffLimitExceeded");
        assertThat(failed.getStatus().getFailed()).isEqualTo(2);
        assertThat(failed.getStatus().getSucceeded()).isZero();
        assertThat(failed.getStatus().getConditions().get(0).getMessage()).contains("exited with code 3");
        Thread.sleep(3000);
        assertThat(fetch("fails").getStatus().getFailed()).as("no pod after the limit").isEqualTo(2);
    }

    @Test
    void deadlineFailsALongJobAndDeletionStopsProcesses() throws Exception {
        String marker = UUID.randomUUID().toString();
        Job slow = job("slow", "test/sh", 0, "sleep 300 # " + marker);
        slow.getSpec().setActiveDeadlineSeconds(4L);
        client.batch().v1().jobs().resource(slow).create();
        Job forever = job("forever", "test/sh", 0, "sleep 301 # " + marker);
        client.batch().v1().jobs().resource(forever).create();
        await().atMost(Duration.ofSeconds(30)).until(() -> processesWith(marker) == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> condition(fetch("slow"), "Failed") != null);
        assertThat(condition(fetch("slow"), "Failed")).isEqualTo("DeadlineExceeded");
        assertThat(fetch("forever").getStatus().getActive()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> processesWith(marker) == 1);
        client.batch().v1().jobs().inNamespace("default").withName("forever").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> processesWith(marker) == 0);
    }

    static long processesWith(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)).count();
    }

    @Test
    void deploymentBecomesReadyServesThroughItsServiceAndStopsWhenDeleted() throws Exception {
        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("greeting").withNamespace("default")
                .endMetadata().withData(Map.of("text", Base64.getEncoder().encodeToString("hello-from-secret"
                        .getBytes(StandardCharsets.UTF_8)))).build()).create();
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("web").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("test/http:1").withArgs("a1")
                .addNewEnv().withName("GREETING").withNewValueFrom().withNewSecretKeyRef("text", "greeting", false)
                .endValueFrom().endEnv()
                .addNewPort().withContainerPort(8080).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/q/health/ready")
                .withPort(new io.fabric8.kubernetes.api.model.IntOrString(8080)).endHttpGet().endReadinessProbe()
                .endContainer().endSpec().endTemplate().endSpec().build();
        client.apps().deployments().resource(d).create();
        client.services().resource(new ServiceBuilder().withNewMetadata().withName("web").withNamespace("default")
                .endMetadata().withNewSpec().addToSelector("app", "web").addNewPort().withPort(8080)
                .withProtocol("TCP").endPort().endSpec().build()).create();

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Deployment x = client.apps().deployments().inNamespace("default").withName("web").get();
            return x.getStatus() != null && Integer.valueOf(2).equals(x.getStatus().getReadyReplicas());
        });
        Deployment ready = client.apps().deployments().inNamespace("default").withName("web").get();
        assertThat(ready.getStatus().getAvailableReplicas()).isEqualTo(2);
        assertThat(ready.getStatus().getConditions().get(0).getStatus()).isEqualTo("True");

        Path endpoints = data.resolve("endpoints.properties");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.isRegularFile(endpoints)
                && Files.readString(endpoints).contains("web.default.svc"));
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(endpoints)) {
            p.load(r);
        }
        String local = p.getProperty("http://web.default.svc:8080");
        assertThat(local).startsWith("http://127.0.0.1:");
        HttpClient http = HttpClient.newHttpClient();
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(http.send(HttpRequest.newBuilder(URI.create(local + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        assertThat(answers).containsOnly("hello-from-secret a1");

        long before = ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().orElse("").contains(TinyHttpServer.class.getName())).count();
        assertThat(before).isEqualTo(2);
        client.apps().deployments().inNamespace("default").withName("web").delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().orElse("").contains(TinyHttpServer.class.getName())).count() == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.readString(endpoints).contains("web.default.svc"));
    }
}
