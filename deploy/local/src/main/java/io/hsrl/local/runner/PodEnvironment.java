package io.hsrl.local.runner;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet would build it: envFrom, then env in order (later wins), values from
 * Secrets and ConfigMaps read through the API, {@code $(VAR)} references expanded, downward-API fields of the pod.
 */
public final class PodEnvironment {
    private static final Pattern REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    /** A reference that cannot be resolved yet (missing Secret/ConfigMap/key): the container cannot start. */
    public static final class UnresolvedReference extends Exception {
        public UnresolvedReference(String message) {
            super(message);
        }
    }

    private PodEnvironment() {
    }

    public static Map<String, String> resolve(KubernetesClient client, String namespace, String podName,
                                              Container container) throws UnresolvedReference {
        Map<String, String> env = new LinkedHashMap<>();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                if (from.getSecretRef() != null) {
                    Secret s = client.secrets().inNamespace(namespace).withName(from.getSecretRef().getName()).get();
                    if (s == null) {
                        if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                            continue;
                        }
                        throw new UnresolvedReference("secret " + namespace + "/" + from.getSecretRef().getName()
                                + " not found");
                    }
                    secretData(s).forEach((k, v) -> env.put(prefix + k, v));
                }
                if (from.getConfigMapRef() != null) {
                    ConfigMap c = client.configMaps().inNamespace(namespace).withName(from.getConfigMapRef().getName())
                            .get();
                    if (c == null) {
                        if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                            continue;
                        }
                        throw new UnresolvedReference("configmap " + namespace + "/"
                                + from.getConfigMapRef().getName() + " not found");
                    }
                    if (c.getData() != null) {
                        c.getData().forEach((k, v) -> env.put(prefix + k, v));
                    }
                }
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar e : container.getEnv()) {
                String value = e.getValueFrom() == null ? expand(e.getValue() == null ? "" : e.getValue(), env)
                        : valueFrom(client, namespace, podName, e.getName(), e.getValueFrom());
                if (value != null) {
                    env.put(e.getName(), value);
                }
            }
        }
        return env;
    }

    private static String valueFrom(KubernetesClient client, String namespace, String podName, String name,
                                    EnvVarSource from) throws UnresolvedReference {
        if (from.getSecretKeyRef() != null) {
            var ref = from.getSecretKeyRef();
            Secret s = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
            String v = s == null ? null : secretData(s).get(ref.getKey());
            if (v == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new UnresolvedReference("env " + name + ": secret " + namespace + "/" + ref.getName()
                        + (s == null ? " not found" : " has no key " + ref.getKey()));
            }
            return v;
        }
        if (from.getConfigMapKeyRef() != null) {
            var ref = from.getConfigMapKeyRef();
            ConfigMap c = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
            String v = c == null || c.getData() == null ? null : c.getData().get(ref.getKey());
            if (v == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new UnresolvedReference("env " + name + ": configmap " + namespace + "/" + ref.getName()
                        + (c == null ? " not found" : " has no key " + ref.getKey()));
            }
            return v;
        }
        if (from.getFieldRef() != null) {
            return switch (from.getFieldRef().getFieldPath()) {
                case "metadata.name" -> podName;
                case "metadata.namespace" -> namespace;
                case "status.podIP", "status.hostIP" -> "127.0.0.1";
                case "spec.nodeName" -> "hsrl-local";
                default -> "";
            };
        }
        return "";
    }

    /** A Secret's values: {@code data} (base64) and, for servers that keep it, {@code stringData}. */
    static Map<String, String> secretData(Secret s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.getData() != null) {
            s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (s.getStringData() != null) {
            out.putAll(s.getStringData());
        }
        return out;
    }

    /** {@code $(VAR)} of an earlier variable is replaced; unknown references stay as written (kubelet rule). */
    static String expand(String value, Map<String, String> env) {
        Matcher m = REF.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
