package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** What every spec keeps for {@link LenientlyRead}: why its stored value could not be read, or null. */
public abstract class LenientlyReadSpec implements LenientlyRead {
    @JsonIgnore
    private String unreadableWhy;

    @Override
    public String unreadable() {
        return unreadableWhy;
    }

    @Override
    public void unreadable(String why) {
        this.unreadableWhy = why;
    }
}
