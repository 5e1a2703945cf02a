package io.hsrl.operator.realapi;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Every "forbidden" answer the operator's ServiceAccount received, as logged by JOSDK, Fabric8 or the operator (a
 * reconciler's failed call, a failed event write, a failed Lease renewal): the verb, resource and namespace are in
 * the API server's message, so a missing RBAC rule fails the test naming it.
 */
final class RbacDenials extends Handler {
    private final List<String> denials = new CopyOnWriteArrayList<>();

    static RbacDenials install() {
        RbacDenials handler = new RbacDenials();
        Logger.getLogger("").addHandler(handler);
        return handler;
    }

    void uninstall() {
        Logger.getLogger("").removeHandler(this);
    }

    List<String> denials() {
        return List.copyOf(denials);
    }

    @Override
    public void publish(LogRecord record) {
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            check(t.getMessage());
        }
        check(record instanceof org.jboss.logmanager.ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
    }

    private void check(String message) {
        if (message != null && !denials.contains(message) && (message.contains(RealApiServer.OPERATOR_USER)
                // a server-side apply that would create the object is also authorised as create, and that
                // refusal names no user: 'deployments.apps "x" is forbidden: .'
                || message.contains("code=403")) && message.toLowerCase(Locale.ROOT).contains("forbidden")
                // not an RBAC decision: a namespace being deleted accepts no new objects
                && !message.contains("because it is being terminated")) {
            denials.add(message);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
