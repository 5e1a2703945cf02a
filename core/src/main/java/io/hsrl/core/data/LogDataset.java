package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import java.util.Objects;

/**
 * A dataset as read: the training rows (episodes start from these, §1.3) and the held-out rows when the format has a
 * test file ({@code null} otherwise; the simulator then holds out a seeded fraction of the training rows).
 */
public record LogDataset(LogFormat format, LoggedSlates train, LoggedSlates test) {
    public LogDataset {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(train, "train");
    }

    public ItemFeatures features() {
        return train.features();
    }
}
