package io.hsrl.trainer;

import io.hsrl.artifact.IndexStats;
import io.hsrl.contracts.CollisionStrategy;
import io.hsrl.contracts.IndexInvocation;
import io.hsrl.contracts.ItemVectorFormat;
import io.hsrl.contracts.KMeansMode;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.core.catalog.ItemTableReader;
import io.hsrl.core.sid.IndexBuilder;
import io.hsrl.core.sid.IndexOptions;
import io.hsrl.core.sid.SidIndex;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectNotFoundException;
import io.hsrl.store.ObjectStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Builds a Semantic-ID index: residual k-means codebooks, one-to-one SIDs and stats.
 * Writes {@code codebook.bin}, {@code item-map.bin} and {@code stats.json} under {@code --out}, prints stats.json.
 * The operator launches exactly these options; keep them.
 */
@Command(name = IndexInvocation.COMMAND, description = {"Build a Semantic-ID index from item vectors.",
        "",
        "Residual k-means codebooks of --levels x --codebook-size codes; items that share a code path get a distinct "
                + "Semantic ID by --collisions. Writes codebook.bin, item-map.bin and stats.json under --out and prints "
                + "stats.json."})
public class IndexCommand implements Callable<Integer> {
    @Option(names = IndexInvocation.CATALOG, required = true,
            description = "Item vectors: a local path or s3://bucket/key.")
    String catalog;

    @Option(names = IndexInvocation.FORMAT,
            description = "csv, rl4rs or npy. Default: by the file name (.npy: npy, item_info*: rl4rs, else csv).")
    String format;

    @Option(names = IndexInvocation.LEVELS, required = true, description = "Codebook levels L.")
    int levels;

    @Option(names = IndexInvocation.CODEBOOK_SIZE, required = true, description = "Codes per level K.")
    int codebookSize;

    @Option(names = IndexInvocation.BALANCED,
            description = "Balanced (capacity-constrained) k-means: code sizes within "
            + "⌊n/K⌋..⌈n/K⌉. Default: off.")
    boolean balanced;

    @Option(names = IndexInvocation.KMEANS, description = "plain, balanced, reference (the reference implementation's "
            + "balanced k-means, its known bug included) or separating (balanced within every group of items that share "
            + "the codes of the levels before: items get distinct Semantic IDs whenever the catalogue has at most K^L "
            + "items); overrides --balanced. Default: none (plain, or balanced with --balanced).")
    String kmeans;

    @Option(names = IndexInvocation.SEED, defaultValue = "" + IndexInvocation.DEFAULT_SEED,
            description = "Random seed; the same seed and input give an identical codebook (the SemanticIndex default).")
    long seed;

    @Option(names = IndexInvocation.COLLISIONS, defaultValue = CollisionStrategy.DEFAULT_VALUE,
            description = "extraLevel or reassign.")
    String collisions;

    @Option(names = IndexInvocation.ITERATIONS, defaultValue = "" + IndexInvocation.DEFAULT_ITERATIONS,
            description = "k-means iterations per level at most.")
    int iterations;

    @Option(names = IndexInvocation.OUT, required = true,
            description = "Output folder: a local path or s3://bucket/prefix.")
    String out;

    @Override
    public Integer call() throws IOException {
        KMeansMode mode = kmeans != null ? kmeansMode(kmeans) : balanced ? KMeansMode.BALANCED : KMeansMode.PLAIN;
        IndexOptions options = new IndexOptions(levels, codebookSize, mode, seed, CollisionStrategy.parse(collisions), iterations);
        ItemVectorFormat vectorFormat = format != null ? ItemVectorFormat.parse(format) : formatOf(catalog);
        try (ObjectStores store = TrainerStore.open()) {
            ItemTable table = read(store, vectorFormat);
            System.err.printf(Locale.ROOT, "index: %d items × %d from %s; L=%d K=%d %s, collisions %s%n", table.size(),
                    table.dimension(), catalog, levels, codebookSize, mode.value(), options.collisions().value());
            ProgressBar bar = new ProgressBar(System.err, "index");
            SidIndex index;
            try {
                index = IndexBuilder.build(table, options, bar);
            } finally {
                bar.finish();
            }
            IndexStats written = index.write(store, out);
            System.err.printf(Locale.ROOT, "index: %d colliding items before resolution (%.2f%%), SID length %d, %.2f s; written to %s%n",
                    written.collidingItems(), 100 * written.collisionRate(), written.sidLength(), written.buildSeconds(), out);
            System.out.println(Json.writeString(written));
        }
        return 0;
    }

    private static KMeansMode kmeansMode(String value) {
        try {
            return KMeansMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(IndexInvocation.KMEANS + ": " + e.getMessage(), e);
        }
    }

    /** A catalogue that cannot be read or parsed is bad input (exit 2), its message naming the file and line. */
    private ItemTable read(ObjectStores store, ItemVectorFormat vectorFormat) throws IOException {
        try {
            return ItemTableReader.read(store, catalog, vectorFormat);
        } catch (ObjectNotFoundException e) {
            throw new IllegalArgumentException("--catalog: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    static ItemVectorFormat formatOf(String uri) {
        String name = uri.substring(uri.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return ItemVectorFormat.NPY;
        }
        return name.startsWith("item_info") ? ItemVectorFormat.RL4RS : ItemVectorFormat.CSV;
    }
}
