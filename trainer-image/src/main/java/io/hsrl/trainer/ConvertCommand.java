package io.hsrl.trainer;

import io.hsrl.core.data.DataPaths;
import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.LogFormatException;
import io.hsrl.core.data.LogReaders;
import io.hsrl.core.data.MatrixFactorization;
import io.hsrl.core.data.MovieLensReader;
import io.hsrl.core.data.Rl4rsWriter;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code trainer convert --data <uri> --format <f> --out <uri>}: reads a log in any supported format and writes it as
 * RL4RS dataset B files ({@code item_info.csv}, {@code rl4rs_b_train.csv}, {@code rl4rs_b_test.csv}, see
 * {@link Rl4rsWriter}), so that this trainer ({@code --format rl4rs}) and the Python reference read the same slates.
 * A dataset README ({@code README.txt}, {@code README.md}, {@code README}) beside the input is copied to the output,
 * because datasets such as MovieLens may only be passed on with it.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Write any supported log as RL4RS dataset B files.",
                "", "Input formats: rl4rs, ml1m, movielens, csv."})
public class ConvertCommand implements Callable<Integer> {
    static final String[] READMES = {"README.txt", "README.md", "README"};

    @Option(names = "--data", required = true,
            description = "Input: a folder (rl4rs, ml1m, csv) or a ratings file/folder (movielens: u.data, ratings.dat "
                    + "or ratings.csv with movies.csv beside it), local or s3://.")
    String data;

    @Option(names = "--format", required = true, description = "Input format: rl4rs, ml1m, movielens or csv.")
    String format;

    @Option(names = "--out", required = true, description = "Output folder (local or s3://).")
    String out;

    @Option(names = "--slate-size", defaultValue = "9",
            description = "Slate size K for logs without slates (movielens, csv).")
    int slateSize;

    @Option(names = "--history", defaultValue = "50", description = "History length H kept per row.")
    int history;

    @Option(names = "--item-dim", defaultValue = "40",
            description = "movielens: item vector size (learned factors + genre flags) (RL4RS's "
                    + "size).")
    int itemDim;

    @Option(names = "--test-fraction", defaultValue = "0.1",
            description = "Share of users held out as rl4rs_b_test.csv when the input has no test file.")
    double testFraction;

    @Option(names = "--seed", defaultValue = "19",
            description = "Seed of the learned vectors and of the held-out users.")
    long seed;

    @Override
    public Integer call() throws Exception {
        LogFormat f = LogFormat.parse(format);
        if (history < 1 || slateSize < 1) {
            throw new IllegalArgumentException("--history and --slate-size must be at least 1");
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in (0, 1), was " + testFraction);
        }
        try (ObjectStores store = TrainerStore.open()) {
            System.err.println("reading " + f.value() + " logs from " + data);
            LogDataset dataset;
            try {
                dataset = f == LogFormat.MOVIELENS
                        ? new MovieLensReader(slateSize, history, MatrixFactorization.Config.defaults(seed), itemDim)
                                .read(store, data)
                        : LogReaders.read(store, data, f, new LogReaders.Options(slateSize, history, seed));
            } catch (LogFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            boolean split = dataset.test() == null;
            dataset = Rl4rsWriter.holdOutUsers(dataset, testFraction, seed);
            Rl4rsWriter.Written w = Rl4rsWriter.write(store, out, dataset);
            List<String> files = new ArrayList<>(w.files());
            String readme = copyReadme(store, data, out);
            if (readme != null) {
                files.add(readme);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("format", f.value());
            result.put("data", data);
            result.put("out", out);
            result.put("items", w.items());
            result.put("itemDimension", w.itemDimension());
            result.put("trainRows", w.trainRows());
            result.put("testRows", w.testRows());
            result.put("testSplit", split ? "held-out users (" + testFraction + ")" : "the input's test file");
            result.put("slateSize", dataset.train().slateSize());
            result.put("profileDimension", w.profileDimension());
            result.put("profileSplit", w.profileSplit());
            result.put("clickRate", dataset.train().clickRate());
            result.put("files", files);
            System.out.println(Json.writeString(result));
        }
        return 0;
    }

    /** Copies the first README found beside the input (in the input folder, or beside the input file). */
    static String copyReadme(ObjectStores store, String data, String out) throws Exception {
        String dir = store.exists(data) ? DataPaths.parent(data) : DataPaths.folder(data);
        for (String name : READMES) {
            if (store.exists(dir + name)) {
                String target = DataPaths.folder(out) + name;
                store.write(target, store.read(dir + name));
                return target;
            }
        }
        return null;
    }
}
