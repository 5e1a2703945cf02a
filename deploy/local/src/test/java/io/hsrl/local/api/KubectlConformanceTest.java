package io.hsrl.local.api;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.hsrl.local.TestPaths;
import io.hsrl.local.platform.Crds;
import io.hsrl.local.platform.Kubeconfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One kubectl script (namespace create, apply with schema defaults, describe with events, field-selected events,
 * wait, get -w, delete with a finalizer, every invalid sample) run against the embedded API and, when
 * HSRL_TEST_KUBECONFIG names a real kube-apiserver, against it too; the transcripts (what a kubectl user sees,
 * ages and uids left out) must be the same.
 */
class KubectlConformanceTest {
    static final ResourceDefinitionContext INDEXES = new ResourceDefinitionContext.Builder().withGroup("hsrl.io")
            .withVersion("v1alpha1").withPlural("semanticindexes").withKind("SemanticIndex").withNamespaced(true)
            .build();

    @TempDir
    Path dir;

    record Result(int code, String out) {}

    /** kubectl against one API server. */
    final class Kubectl {
        final Path kubeconfig;
        final Path cache;

        Kubectl(Path kubeconfig, String name) {
            this.kubeconfig = kubeconfig;
            this.cache = dir.resolve("cache-" + name);
        }

        List<String> command(String... args) {
            List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                    "--cache-dir", cache.toString(), "--request-timeout=30s"));
            cmd.addAll(List.of(args));
            return cmd;
        }

        Process start(String... args) throws Exception {
            return new ProcessBuilder(command(args)).redirectErrorStream(true).start();
        }

        Result run(String... args) throws Exception {
            Process p = start(args);
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
            }
            return new Result(done ? p.exitValue() : -1, new String(p.getInputStream().readAllBytes()).trim());
        }
    }

    static boolean haveKubectl() {
        try {
            return new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void embeddedAndRealApiServersAnswerTheScriptAlike() throws Exception {
        assumeTrue(haveKubectl(), "kubectl not installed");
        Map<String, List<String>> transcripts = new TreeMap<>();
        try (LocalApiServer api = LocalApiServer.start("127.0.0.1", 0);
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                     .withMasterUrl(api.url()).withNamespace("default").build()).build()) {
            Crds.apply(client, TestPaths.repoRoot().resolve("crds"));
            Path kubeconfig = Kubeconfig.write(dir.resolve("kubeconfig"), api.url(), "default");
            transcripts.put("embedded", script(new Kubectl(kubeconfig, "embedded"), client, true));
        }
        String real = System.getenv("HSRL_TEST_KUBECONFIG");
        if (real != null && !real.isBlank() && Files.isRegularFile(Path.of(real))) {
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(Path.of(real)))).build()) {
                Crds.apply(client, TestPaths.repoRoot().resolve("crds"));
                Kubectl kubectl = new Kubectl(Path.of(real), "real");
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (kubectl.run("get", "semanticindexes", "-A").code() != 0 && System.nanoTime() < until) {
                    Thread.sleep(500);
                }
                transcripts.put("real", script(kubectl, client, false));
            }
            assertThat(transcripts.get("embedded")).as("embedded vs real kube-apiserver")
                    .containsExactlyElementsOf(transcripts.get("real"));
        }
    }

    /** Runs the script and returns its transcript; asserts what holds on any API server as it goes. */
    private List<String> script(Kubectl k, KubernetesClient client, boolean embedded) throws Exception {
        List<String> t = new ArrayList<>();
        String ns = "conformance-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        Path root = TestPaths.repoRoot();

        Result created = k.run("create", "namespace", ns);
        assertThat(created.code()).as(created.out()).isZero();
        t.add(created.out().replace(ns, "NS"));
        Result cm = k.run("create", "configmap", "conf", "-n", ns, "--from-literal=a=b");
        assertThat(cm.code()).as(cm.out()).isZero();
        t.add(cm.out());

        Result applied = k.run("apply", "-n", ns, "-f", root.resolve("deploy/samples/quickstart/01-semanticindex.yaml")
                .toString());
        assertThat(applied.code()).as(applied.out()).isZero();
        t.add(applied.out());
        Result defaulted = k.run("get", "sidx", "quickstart", "-n", ns, "-o",
                "jsonpath={.spec.iterations} {.spec.artifacts}");
        assertThat(defaulted.out()).as("schema defaults applied").matches("\\d+ \\w+");
        t.add("defaults " + defaulted.out());

        String uid = k.run("get", "sidx", "quickstart", "-n", ns, "-o", "jsonpath={.metadata.uid}").out();
        Path event = dir.resolve("event-" + ns + ".yaml");
        Files.writeString(event, """
                apiVersion: v1
                kind: Event
                metadata:
                  name: quickstart.conformance
                  namespace: %1$s
                involvedObject:
                  apiVersion: hsrl.io/v1alpha1
                  kind: SemanticIndex
                  name: quickstart
                  namespace: %1$s
                  uid: %2$s
                reason: IndexBuilt
                message: the conformance script's event
                type: Normal
                count: 1
                firstTimestamp: "%3$s"
                lastTimestamp: "%3$s"
                source:
                  component: conformance
                """.formatted(ns, uid, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        assertThat(k.run("create", "-f", event.toString()).code()).isZero();
        Result selected = k.run("get", "events", "-n", ns, "--field-selector", "involvedObject.name=quickstart",
                "-o", "jsonpath={.items[*].reason}");
        t.add("events by field selector: " + selected.out());
        assertThat(selected.out()).isEqualTo("IndexBuilt");
        Result described = k.run("describe", "sidx", "quickstart", "-n", ns);
        String eventsSection = described.out().substring(described.out().indexOf("Events:"));
        assertThat(eventsSection).as(described.out()).contains("IndexBuilt").contains("the conformance script's event");
        t.add("describe events: " + eventsSection.lines().skip(3).map(l -> l.trim().split("\\s+")[1])
                .toList());

        Path watchOut = dir.resolve("watch-" + ns + ".out");
        Process watch = new ProcessBuilder(k.command("get", "sidx", "-n", ns, "-w", "--output-watch-events"))
                .redirectErrorStream(true).redirectOutput(watchOut.toFile()).start();
        Process wait = k.start("wait", "sidx/quickstart", "-n", ns, "--for=condition=Ready", "--timeout=60s");
        Thread.sleep(2000);
        GenericKubernetesResource idx = client.genericKubernetesResources(INDEXES).inNamespace(ns)
                .withName("quickstart").get();
        idx.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True",
                "reason", "Built", "lastTransitionTime", Instant.now().toString().replaceAll("\\.\\d+Z", "Z")))));
        client.genericKubernetesResources(INDEXES).inNamespace(ns).resource(idx).updateStatus();
        assertThat(wait.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String waited = new String(wait.getInputStream().readAllBytes()).trim();
        assertThat(wait.exitValue()).as(waited).isZero();
        t.add(waited);
        Thread.sleep(1500);
        watch.destroy();
        watch.waitFor(10, TimeUnit.SECONDS);
        // EVENT and NAME columns; the printer columns' cells differ in age
        List<String> watched = Files.readString(watchOut).lines().map(l -> l.trim().split("\\s+"))
                .filter(cells -> cells.length >= 2).map(cells -> cells[0] + " " + cells[1]).distinct().toList();
        assertThat(watched).as("kubectl get -w streams").contains("ADDED quickstart", "MODIFIED quickstart");
        t.add("watch " + watched);

        Result finalizer = k.run("patch", "sidx", "quickstart", "-n", ns, "--type=merge", "-p",
                "{\"metadata\":{\"finalizers\":[\"conformance.hsrl.io/hold\"]}}");
        assertThat(finalizer.code()).as(finalizer.out()).isZero();
        Process delete = k.start("delete", "sidx", "quickstart", "-n", ns);
        assertThat(delete.waitFor(3, TimeUnit.SECONDS)).as("delete waits for the finalizer").isFalse();
        Result terminating = k.run("get", "sidx", "quickstart", "-n", ns, "-o",
                "jsonpath={.metadata.finalizers} {.metadata.deletionTimestamp}");
        assertThat(terminating.out()).contains("conformance.hsrl.io/hold").containsPattern("\\d{4}-\\d\\d-\\d\\dT");
        t.add("terminating with finalizer");
        long released = System.nanoTime();
        Result removed = k.run("patch", "sidx", "quickstart", "-n", ns, "--type=json", "-p",
                "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
        assertThat(removed.code()).as(removed.out()).isZero();
        assertThat(delete.waitFor(5, TimeUnit.SECONDS)).as("delete returns once the object is gone").isTrue();
        Duration afterRelease = Duration.ofNanos(System.nanoTime() - released);
        String deleted = new String(delete.getInputStream().readAllBytes()).trim();
        t.add(deleted);
        assertThat(deleted).contains("deleted");
        assertThat(k.run("get", "sidx", "quickstart", "-n", ns).out()).contains("NotFound");
        System.out.printf("%s: kubectl delete returned %d ms after the last finalizer was removed%n",
                embedded ? "embedded" : "real", afterRelease.toMillis());

        List<Path> invalid;
        try (Stream<Path> s = Files.list(root.resolve("deploy/samples/invalid"))) {
            invalid = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(invalid).isNotEmpty();
        Pattern field = Pattern.compile("(?:is invalid: \\[?|, )([a-zA-Z][\\w.\\[\\]]*): ");
        for (Path sample : invalid) {
            Result r = k.run("create", "--validate=false", "-n", ns, "-f", sample.toString());
            assertThat(r.code()).as(sample + ": " + r.out()).isNotZero();
            List<String> fields = new ArrayList<>();
            Matcher m = field.matcher(r.out());
            while (m.find()) {
                fields.add(m.group(1));
            }
            String documented = Files.readString(sample).replaceAll("(?s)^# Invalid: (\\S+?)[ ,].*", "$1");
            assertThat(fields).as(sample + ": " + r.out()).contains(documented);
            t.add(sample.getFileName() + " " + fields);
        }
        k.run("delete", "namespace", ns, "--wait=false");
        System.out.println((embedded ? "embedded" : "real") + " API, transcript:\n  " + String.join("\n  ", t));
        return t;
    }
}
