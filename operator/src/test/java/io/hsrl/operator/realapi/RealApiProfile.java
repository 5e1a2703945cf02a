package io.hsrl.operator.realapi;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The operator as it runs in production, on a real API server: server-side apply for dependents and status (the
 * mock tier turns it off), CRDs checked at start-up rather than applied, leader election through a Lease in the
 * operator's namespace. Build-time settings are honoured: Quarkus re-augments the application for a test profile.
 */
public class RealApiProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // the operator's client is built from this file alone (its ServiceAccount token): no admin
                // certificate from a default kubeconfig can leak into it
                "quarkus.kubernetes-client.kubeconfig-file", RealApiServer.OPERATOR_KUBECONFIG.toString(),
                "quarkus.operator-sdk.enable-ssa", "true",
                "quarkus.operator-sdk.crd.apply", "false",
                "quarkus.operator-sdk.crd.validate", "true",
                "quarkus.operator-sdk.activate-leader-election-for-profiles", "test",
                "hsrl.operator.leader-election.lease-namespace", RealApiServer.OPERATOR_NAMESPACE,
                // a Lease of its own: a stale one from an aborted run would hold the operator back until it expires
                "hsrl.operator.leader-election.lease-name",
                "hsrl-operator-test-" + Long.toHexString(System.nanoTime() & 0xffffff));
    }
}
