package io.hsrl.trainer;

import io.hsrl.core.data.LogDataset;
import io.hsrl.contracts.LogFormat;
import io.hsrl.core.data.SyntheticWorld;
import io.hsrl.core.data.SyntheticWriter;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code trainer generate --format rl4rs|ml1m|csv|movielens --items N --users M [--seed S] --out <uri>}: writes a
 * synthetic dataset with known ground truth ({@link SyntheticWorld}) in the reference's file layout, so that
 * {@code index --catalog <out>/item_info.csv} and {@code simulator --data <out>} read it like real data.
 */
@Command(name = "generate", description = {"Write a synthetic dataset with known ground truth.",
        "",
        "The files have the layout of real data of that format, so that index, simulator and train read them alike."})
public class GenerateCommand implements Callable<Integer> {
    @Option(names = "--format", required = true, description = "rl4rs, ml1m, csv or movielens.")
    String format;

    @Option(names = "--items", required = true, description = "Catalogue size.")
    int items;

    @Option(names = "--users", required = true, description = "Number of users (one logged session each).")
    int users;

    @Option(names = "--rows-per-user", defaultValue = "8", description = "Slates logged per user.")
    int rowsPerUser;

    @Option(names = "--seed", defaultValue = "7", description = "Seed; the same seed writes the same files.")
    long seed;

    @Option(names = "--out", required = true, description = "Output folder: a local path or s3://bucket/prefix.")
    String out;

    @Override
    public Integer call() throws Exception {
        LogFormat f = LogFormat.parse(format);
        if (items < 10) {
            throw new IllegalArgumentException("--items must be at least 10 (a slate holds 9 distinct items), was " + items);
        }
        if (users < 1 || rowsPerUser < 1) {
            throw new IllegalArgumentException("--users and --rows-per-user must be at least 1");
        }
        ProgressBar bar = new ProgressBar(System.err, "generate");
        bar.update(0, 3, "world");
        SyntheticWorld world = SyntheticWorld.create(SyntheticWorld.Config.generated(items, users, rowsPerUser, seed));
        bar.update(1, 3, "logging " + (long) users * rowsPerUser + " slates");
        LogDataset log = world.log(f);
        bar.update(2, 3, "writing " + f.value());
        List<String> files;
        try (ObjectStores store = TrainerStore.open()) {
            files = new SyntheticWriter(world, log).write(store, out, f);
        }
        bar.update(3, 3, "done");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("format", f.value());
        result.put("out", out);
        result.put("items", items);
        result.put("users", users);
        result.put("seed", seed);
        result.put("trainRows", log.train().rows());
        result.put("testRows", log.test() == null ? 0 : log.test().rows());
        result.put("clickRate", log.train().clickRate());
        result.put("files", files);
        System.out.println(Json.writeString(result));
        return 0;
    }
}
