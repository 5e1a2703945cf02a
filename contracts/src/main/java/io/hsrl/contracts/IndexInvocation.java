package io.hsrl.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The index builder's invocation: the trainer image's {@code index} command. The operator's index Job runs
 * {@link #toArgs()}; the command's options are named by the constants here.
 *
 * @param catalog      item vectors: a local path or {@code s3://bucket/key}
 * @param format       their file format
 * @param levels       codebook levels L
 * @param codebookSize codes per level K
 * @param balanced     capacity-constrained k-means
 * @param kmeans       the k-means mode, overriding {@code balanced}; {@code null}: plain, or balanced with
 *                     {@code balanced}
 * @param seed         random seed
 * @param collisions   how items sharing a Semantic ID are told apart
 * @param iterations   k-means iterations per level at most
 * @param out          output folder
 */
public record IndexInvocation(String catalog, ItemVectorFormat format, int levels, int codebookSize,
        boolean balanced, KMeansMode kmeans, long seed, CollisionStrategy collisions, int iterations, String out) {
    public static final String COMMAND = "index";
    public static final String CATALOG = "--catalog";
    public static final String FORMAT = "--format";
    public static final String LEVELS = "--levels";
    public static final String CODEBOOK_SIZE = "--codebook-size";
    public static final String BALANCED = "--balanced";
    public static final String KMEANS = "--kmeans";
    public static final String SEED = "--seed";
    public static final String COLLISIONS = "--collisions";
    public static final String ITERATIONS = "--iterations";
    public static final String OUT = "--out";

    public static final int DEFAULT_LEVELS = 3;
    public static final int DEFAULT_CODEBOOK_SIZE = 256;
    public static final int DEFAULT_ITERATIONS = 25;
    public static final long DEFAULT_SEED = 42;

    /** Without a k-means mode: plain, or balanced with {@code balanced}. */
    public IndexInvocation(String catalog, ItemVectorFormat format, int levels, int codebookSize, boolean balanced,
                           long seed, CollisionStrategy collisions, int iterations, String out) {
        this(catalog, format, levels, codebookSize, balanced, null, seed, collisions, iterations, out);
    }

    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of(COMMAND,
                CATALOG, catalog,
                FORMAT, format.value(),
                LEVELS, Integer.toString(levels),
                CODEBOOK_SIZE, Integer.toString(codebookSize)));
        if (balanced) {
            args.add(BALANCED);
        }
        if (kmeans != null) {
            args.addAll(List.of(KMEANS, kmeans.value()));
        }
        args.addAll(List.of(
                SEED, Long.toString(seed),
                COLLISIONS, collisions.value(),
                ITERATIONS, Integer.toString(iterations),
                OUT, out));
        return args;
    }

    /** The inverse of {@link #toArgs()}; an unknown option is an error. */
    public static IndexInvocation parse(List<String> args) {
        CommandLineArgs a = CommandLineArgs.parse(args, COMMAND, Set.of(BALANCED));
        String kmeans = a.optional(KMEANS);
        IndexInvocation inv = new IndexInvocation(a.required(CATALOG), ItemVectorFormat.parse(a.required(FORMAT)),
                Integer.parseInt(a.required(LEVELS)), Integer.parseInt(a.required(CODEBOOK_SIZE)), a.flag(BALANCED),
                kmeans == null ? null : KMeansMode.parse(kmeans),
                Long.parseLong(a.required(SEED)), CollisionStrategy.parse(a.required(COLLISIONS)),
                Integer.parseInt(a.required(ITERATIONS)), a.required(OUT));
        if (!a.options.isEmpty()) {
            throw new IllegalArgumentException("unknown options of '" + COMMAND + "': " + a.options.keySet());
        }
        return inv;
    }
}
