package io.hsrl.operator.status;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.stream.Collectors;

/**
 * Why a reconcile failed, as a condition reason and a message that names the cause (and the field, where the API
 * server names one): the answer to "why is it not Ready" is on the resource, not only in the operator's log.
 */
public record Failure(String reason, String message) {
    public static final String API_REJECTED = "ApiRejected";
    public static final String FORBIDDEN = "Forbidden";
    public static final String API_UNREACHABLE = "ApiUnreachable";
    public static final String API_ERROR = "ApiError";
    public static final String OBJECT_STORE_UNREACHABLE = "ObjectStoreUnreachable";
    public static final String OBJECT_STORE_NOT_CONFIGURED = "ObjectStoreNotConfigured";
    public static final String OBJECT_STORE_ERROR = "ObjectStoreError";
    public static final String RECONCILE_ERROR = "ReconcileError";
    static final int MAX_MESSAGE = 1024;
    /** Reasons of failures that may pass by themselves (the pass is retried with back-off). */
    public static final java.util.Set<String> TRANSIENT = java.util.Set.of(API_UNREACHABLE, API_ERROR,
            OBJECT_STORE_UNREACHABLE, OBJECT_STORE_ERROR, RECONCILE_ERROR, FORBIDDEN);

    public static Failure of(Throwable error) {
        KubernetesClientException api = find(error, KubernetesClientException.class);
        if (api != null) {
            return ofApi(api);
        }
        IllegalStateException settings = find(error, IllegalStateException.class);
        if (settings != null && settings.getMessage() != null && settings.getMessage().contains("HSRL_S3_")) {
            return new Failure(OBJECT_STORE_NOT_CONFIGURED, "the operator has no object-store settings: "
                    + settings.getMessage());
        }
        Throwable unreachable = unreachable(error);
        if (unreachable != null) {
            return new Failure(OBJECT_STORE_UNREACHABLE, "the object store did not answer: " + text(unreachable));
        }
        IOException io = find(error, IOException.class);
        if (io != null) {
            return new Failure(OBJECT_STORE_ERROR, "reading or writing the object store failed: " + text(io));
        }
        return new Failure(RECONCILE_ERROR, text(error));
    }

    private static Failure ofApi(KubernetesClientException e) {
        Status status = e.getStatus();
        String details = status == null || status.getDetails() == null ? "" : " " + describe(status);
        int code = e.getCode();
        if (code == 422 || code == 400) {
            return new Failure(API_REJECTED, "the API server rejected an object the operator wrote (" + code + ")"
                    + details + ": " + text(e));
        }
        if (code == 403 || code == 401) {
            return new Failure(FORBIDDEN, "the operator is not allowed to do this (" + code + "); check its RBAC: "
                    + text(e));
        }
        if (code == 0 || unreachable(e) != null) {
            return new Failure(API_UNREACHABLE, "the Kubernetes API did not answer: " + text(e));
        }
        return new Failure(API_ERROR, "the API server answered " + code + ": " + text(e));
    }

    /** "Job hsrl/x-index: metadata.labels: Invalid value ..." from a Status' details and causes. */
    private static String describe(Status status) {
        var d = status.getDetails();
        String what = (d.getKind() == null ? "" : d.getKind() + " ") + (d.getName() == null ? "" : d.getName());
        String causes = d.getCauses() == null ? "" : d.getCauses().stream()
                .map(c -> (c.getField() == null ? "" : c.getField() + ": ") + (c.getMessage() == null ? "" : c.getMessage()))
                .collect(Collectors.joining("; "));
        return (what.isBlank() ? "" : what.trim()) + (causes.isEmpty() ? "" : " [" + causes + "]");
    }

    /** The fields the API server named, for a message; empty when none. */
    public static java.util.List<String> fields(KubernetesClientException e) {
        return e.getStatus() == null || e.getStatus().getDetails() == null || e.getStatus().getDetails().getCauses() == null
                ? java.util.List.of() : e.getStatus().getDetails().getCauses().stream().map(StatusCause::getField)
                .filter(java.util.Objects::nonNull).toList();
    }

    private static Throwable unreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof SocketTimeoutException || t instanceof java.net.NoRouteToHostException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t instanceof UncheckedIOException u && type.isInstance(u.getCause())) {
                return type.cast(u.getCause());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String text(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        m = m.replaceAll("\\s+", " ").trim();
        return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "..." : m;
    }
}
