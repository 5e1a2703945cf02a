package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import io.hsrl.store.ObjectStore;

import java.io.IOException;

/** Reads a dataset in any {@link LogFormat} with one set of shape arguments. */
public final class LogReaders {
    /** Slate size K (only for formats without slates: movielens, csv), history length H, seed (learned vectors). */
    public record Options(int slateSize, int historyLength, long seed) {
        public static Options defaults() {
            return new Options(9, 50, 19);
        }
    }

    private LogReaders() {
    }

    public static LogDataset read(ObjectStore store, String uri, LogFormat format, Options o) throws IOException {
        return switch (format) {
            case RL4RS -> new Rl4rsLogReader(o.historyLength()).read(store, uri);
            case ML1M -> new Ml1mLogReader(o.historyLength()).read(store, uri);
            case MOVIELENS -> new MovieLensReader(o.slateSize(), o.historyLength(),
                    MatrixFactorization.Config.defaults(o.seed())).read(store, uri);
            case CSV -> new CsvLogReader(o.slateSize(), o.historyLength(), o.seed()).read(store, uri);
        };
    }
}
