package io.hsrl.operator.realapi;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.hsrl.api.v1alpha1.HsrlApi;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real-API tier's cluster: the kube-apiserver named by {@code HSRL_TEST_KUBECONFIG} (CI starts
 * ../shared/tools/kapi), with the CRDs from crds/ and the operator's RBAC from
 * deploy/kustomize/base/rbac-operator.yaml installed as they are shipped. The operator under test connects with a
 * token of its own ServiceAccount, so every call it makes passes the cluster's RBAC decision (when the server runs
 * with {@code --authorization-mode=RBAC}: KAPI_AUTHZ=RBAC).
 */
public class RealApiServer implements QuarkusTestResourceLifecycleManager {
    public static final String KUBECONFIG_ENV = "HSRL_TEST_KUBECONFIG";
    public static final String OPERATOR_NAMESPACE = "hsrl-system";
    public static final String OPERATOR_ACCOUNT = "hsrl-operator";
    public static final String OPERATOR_USER = "system:serviceaccount:" + OPERATOR_NAMESPACE + ":" + OPERATOR_ACCOUNT;
    static final Path CRDS = Path.of(System.getProperty("hsrl.crds.dir", "../crds"));
    static final Path RBAC = Path.of(System.getProperty("hsrl.rbac.file", "../deploy/kustomize/base/rbac-operator.yaml"));
    /**
     * The operator's kubeconfig. A fixed path, known to {@link RealApiProfile} before the application is built
     * (quarkus.kubernetes-client.kubeconfig-file is fixed at build time); the token is written when the test starts.
     */
    public static final Path OPERATOR_KUBECONFIG = Path.of("target", "real-api", "operator.kubeconfig").toAbsolutePath();
    private static final long TOKEN_SECONDS = 3600;

    /** The cluster administrator (the test itself, and the fake kubelet). */
    public static KubernetesClient admin() {
        String file = System.getenv(KUBECONFIG_ENV);
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(Path.of(file))))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + KUBECONFIG_ENV + "=" + file, e);
        }
    }

    @Override
    public Map<String, String> start() {
        try (KubernetesClient admin = admin()) {
            installCrds(admin);
            installRbac(admin);
            String token = admin.serviceAccounts().inNamespace(OPERATOR_NAMESPACE).withName(OPERATOR_ACCOUNT)
                    .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(TOKEN_SECONDS)
                            .endSpec().build())
                    .getStatus().getToken();
            writeKubeconfig(admin.getConfiguration(), token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        try {
            Files.deleteIfExists(OPERATOR_KUBECONFIG);
        } catch (IOException ignored) {
            // the token expires within the hour anyway
        }
    }

    /** Kubernetes 1.20 does not know CEL rules: server-side apply of the CRDs fails, create/update drops them. */
    private static void installCrds(KubernetesClient admin) throws IOException {
        try (Stream<Path> files = Files.list(CRDS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    CustomResourceDefinition crd = admin.apiextensions().v1().customResourceDefinitions().load(in).item();
                    crd.getMetadata().setResourceVersion(null);
                    admin.resource(crd).createOr(NonDeletingOperation::update);
                }
            }
        }
        for (var kind : HsrlApi.KINDS) {
            admin.apiextensions().v1().customResourceDefinitions().withName(CustomResource.getCRDName(kind))
                    .waitUntilCondition(crd -> crd != null && crd.getStatus() != null
                            && crd.getStatus().getConditions() != null
                            && crd.getStatus().getConditions().stream().anyMatch(c ->
                            "Established".equals(c.getType()) && "True".equals(c.getStatus())), 60, TimeUnit.SECONDS);
        }
    }

    /** The RBAC file exactly as shipped (ServiceAccount, ClusterRole and Role with their bindings). */
    private static void installRbac(KubernetesClient admin) throws IOException {
        if (admin.namespaces().withName(OPERATOR_NAMESPACE).get() == null) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OPERATOR_NAMESPACE)
                    .endMetadata().build()).createOr(NonDeletingOperation::update);
        }
        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(RBAC)) {
            objects = admin.load(in).items();
        }
        for (HasMetadata o : objects) {
            admin.resource(o).createOr(NonDeletingOperation::update);
        }
    }

    private static void writeKubeconfig(Config admin, String token) throws IOException {
        String ca = admin.getCaCertData() != null ? "    certificate-authority-data: " + admin.getCaCertData()
                : "    certificate-authority: " + admin.getCaCertFile();
        String yaml = String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: test",
                "  cluster:",
                "    server: " + admin.getMasterUrl(),
                ca,
                "users:",
                "- name: " + OPERATOR_ACCOUNT,
                "  user:",
                "    token: " + token,
                "contexts:",
                "- name: operator",
                "  context:",
                "    cluster: test",
                "    user: " + OPERATOR_ACCOUNT,
                "    namespace: " + OPERATOR_NAMESPACE,
                "current-context: operator",
                "");
        Files.createDirectories(OPERATOR_KUBECONFIG.getParent());
        Files.deleteIfExists(OPERATOR_KUBECONFIG);
        Files.createFile(OPERATOR_KUBECONFIG,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(OPERATOR_KUBECONFIG, yaml);
    }
}
