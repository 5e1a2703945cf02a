package io.hsrl.serving;

import io.hsrl.serving.batch.MicroBatcher;
import io.hsrl.serving.model.LoadedPolicy;
import io.hsrl.serving.model.Slate;
import io.hsrl.serving.model.SlateRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * The one model this server serves, and where its loading stands. A model becomes visible only as a whole (loaded,
 * verified, warmed up, with its batcher running): there is no half-loaded state to serve from.
 */
@ApplicationScoped
public class ServedModel {
    public enum State { LOADING, READY, FAILED }

    /** A model being served with the batcher that feeds it. */
    public record Active(LoadedPolicy policy, MicroBatcher<SlateRequest, Slate> batcher) {
    }

    private volatile State state = State.LOADING;
    private volatile String detail = "loading";
    private volatile Active active;

    public State state() {
        return state;
    }

    /** Why the model is not ready (or what is loaded). */
    public String detail() {
        return detail;
    }

    public Optional<Active> active() {
        return Optional.ofNullable(active);
    }

    void loading(String what) {
        if (active == null) {
            state = State.LOADING;
            detail = what;
        }
    }

    void ready(Active model) {
        this.active = model;
        this.detail = model.policy().describe().uri();
        this.state = State.READY;
    }

    void failed(String why) {
        this.detail = why;
        this.state = State.FAILED;
    }

    /** Stops serving and frees the model (shutdown). */
    void close() {
        Active a = active;
        active = null;
        state = State.LOADING;
        detail = "shut down";
        if (a != null) {
            a.batcher().close();
            a.policy().close();
        }
    }
}
