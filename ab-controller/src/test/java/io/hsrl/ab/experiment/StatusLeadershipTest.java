package io.hsrl.ab.experiment;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hsrl.ab.TestCrds;
import io.hsrl.ab.events.EventType;
import io.hsrl.ab.events.LogRecord;
import io.hsrl.api.v1alpha1.AbExperiment;
import io.hsrl.api.v1alpha1.ArmStatus;
import io.hsrl.api.v1alpha1.Conditions;
import io.hsrl.api.v1alpha1.ExperimentArm;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.hsrl.api.v1alpha1.HsrlServing;
import io.hsrl.api.v1alpha1.HsrlServingStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas on the Fabric8 mock API server (CRUD mode): both route, only the Lease holder writes status, its
 * counts are the merge of both replicas' events, and when it stops the other takes over.
 */
@EnableKubernetesMockClient(crud = true)
class StatusLeadershipTest {
    static final String NS = "abx-leader";
    static final String LEASE = "hsrl-ab-controller";
    static KubernetesClient client;

    @TempDir
    Path dir;

    /** What the test sent, per arm: users (distinct) and exposures, conversions (sums). */
    static final class Sent {
        final Map<Arm, Set<String>> users = new EnumMap<>(Map.of(Arm.CONTROL, new HashSet<>(), Arm.TREATMENT, new HashSet<>()));
        final Map<Arm, long[]> sums = new EnumMap<>(Map.of(Arm.CONTROL, new long[2], Arm.TREATMENT, new long[2]));

        List<LogRecord> events(ExperimentRoute route, String replica, int fromUser, int toUser, int exposures, int convertEvery) {
            List<LogRecord> out = new ArrayList<>();
            for (int u = fromUser; u < toUser; u++) {
                String user = "user-" + u;
                Arm arm = route.assign(user);
                users.get(arm).add(user);
                for (int e = 0; e < exposures; e++) {
                    out.add(new LogRecord(EventType.EXPOSURE, null, route.key().toString(), arm, user, 1));
                }
                sums.get(arm)[0] += exposures;
                if (u % convertEvery == 0) {
                    out.add(new LogRecord(EventType.CONVERSION, replica + "-conv-" + u, route.key().toString(), arm, user, 1));
                    sums.get(arm)[1]++;
                }
            }
            return out;
        }

        void assertMatches(AbExperiment x) {
            assertArm(x.getStatus().control, Arm.CONTROL);
            assertArm(x.getStatus().treatment, Arm.TREATMENT);
            assertThat(x.getStatus().totalUsers).isEqualTo(users.get(Arm.CONTROL).size() + users.get(Arm.TREATMENT).size());
        }

        private void assertArm(ArmStatus s, Arm arm) {
            assertThat(s).as(arm + " on status").isNotNull();
            assertThat(s.users).as(arm + " users").isEqualTo(users.get(arm).size());
            assertThat(s.exposures).as(arm + " exposures").isEqualTo(sums.get(arm)[0]);
            assertThat(s.conversions).as(arm + " conversions").isEqualTo(sums.get(arm)[1]);
        }
    }

    private static void serving(String name) {
        HsrlServing s = new HsrlServing();
        s.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        s = client.resources(HsrlServing.class).inNamespace(NS).resource(s).create();
        s.setStatus(new HsrlServingStatus());
        s.getStatus().endpoint = "http://" + name + "." + NS + ".svc:8080";
        s.getStatus().setCondition(io.hsrl.api.v1alpha1.HsrlApi.READY, true, "Serving", "serving",
                s.getMetadata().getGeneration());
        client.resources(HsrlServing.class).inNamespace(NS).resource(s).updateStatus();
    }

    private static AbExperiment get(String name) {
        return client.resources(AbExperiment.class).inNamespace(NS).withName(name).get();
    }

    private static String leaseHolder() {
        Lease l = client.leases().inNamespace(NS).withName(LEASE).get();
        return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
    }

    @Test
    void onlyTheLeaseHolderWritesStatusMergingEveryReplicaAndTheOtherTakesOver() throws Exception {
        TestCrds.install(client);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        serving("ctl");
        serving("trt");
        String objects = dir.resolve("objects").toString();
        ExperimentKey key = new ExperimentKey(NS, "merged");
        Sent sent = new Sent();

        try (ControllerReplica a = new ControllerReplica(client, "replica-a", dir.resolve("a"), objects, NS);
             ControllerReplica b = startSecond(a, objects)) {
            AbExperiment x = new AbExperiment();
            x.setMetadata(new ObjectMetaBuilder().withName("merged").withNamespace(NS).build());
            x.getSpec().control = new ExperimentArm("ctl");
            x.getSpec().treatment = new ExperimentArm("trt");
            x.getSpec().minUsersPerArm = 1000L;
            client.resources(AbExperiment.class).inNamespace(NS).resource(x).create();

            // Both replicas route; only the lease holder writes.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(a.registry.find(key)).isPresent();
                assertThat(b.registry.find(key)).isPresent();
                AbExperiment now = get("merged");
                assertThat(now.getStatus()).isNotNull();
                assertThat(Conditions.find(now.getStatus().conditions, HsrlApi.READY).orElseThrow().getStatus()).isEqualTo("True");
            });
            ExperimentRoute route = a.registry.find(key).orElseThrow();
            assertThat(b.registry.find(key).orElseThrow().salt()).isEqualTo(route.salt());

            // Each replica collects its own events; users 40-79 were served by both.
            a.store.append(sent.events(route, "a", 0, 80, 1, 4)).join();
            b.store.append(sent.events(route, "b", 40, 120, 2, 5)).join();
            b.publish();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> sent.assertMatches(get("merged")));
            assertThat(sent.users.get(Arm.CONTROL)).isNotEmpty();
            assertThat(sent.users.get(Arm.TREATMENT)).isNotEmpty();
            assertThat(a.statusWrites()).isPositive();
            assertThat(b.statusWrites()).as("the replica without the lease writes no status").isZero();
            assertThat(leaseHolder()).isEqualTo("replica-a");

            // The leader stops (its last publication is in the object store); the other takes over and keeps merging.
            a.publish();
            a.close();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(leaseHolder()).isEqualTo("replica-b");
                assertThat(b.leadership.isLeader()).isTrue();
            });
            b.store.append(sent.events(route, "b", 120, 140, 1, 3)).join();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(b.statusWrites()).isPositive();
                sent.assertMatches(get("merged"));
            });
            assertThat(get("merged").getStatus().totalUsers).isEqualTo(140);
        }
    }

    /** The second replica starts once the first holds the lease, so the first is the leader. */
    private ControllerReplica startSecond(ControllerReplica a, String objects) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(a.leadership::isLeader);
        return new ControllerReplica(client, "replica-b", dir.resolve("b"), objects, NS);
    }
}
