package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.store.ObjectStore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Raw MovieLens ratings: {@code u.data} (ML-100k: {@code user item rating timestamp}, tab-separated),
 * {@code ratings.dat} (ML-1M: {@code user::item::rating::timestamp}) or {@code ratings.csv} (the "latest" releases:
 * a header {@code userId,movieId,rating,timestamp}, half-star ratings 0.5–5). Conversion into logged slates (documented here
 * because MovieLens has no slates and no negatives):
 * <ul>
 *   <li>each user's ratings, in time order (ties keep file order), are cut into consecutive slates of K; an
 *       incomplete last slate is dropped ({@link SlateAssembler});</li>
 *   <li>click = rating ≥ {@link #CLICK_RATING} (4); like = rating 5, kept as the row's conversion signal (costs 0);</li>
 *   <li>history = the clicked items of the user's earlier slates.</li>
 * </ul>
 * MovieLens has no item vectors: they are learned by {@link MatrixFactorization} on the rating matrix (seeded),
 * concatenated with genre flags when {@code movies.dat} (ML-1M), {@code u.item} (ML-100k) or {@code movies.csv}
 * (latest) lies beside the ratings, and standardised. With a fixed item dimension D the factorisation has D minus the
 * genre count factors, so that the vectors have exactly D values. The user profile is the user's learned factor vector.
 */
public final class MovieLensReader {
    public static final String U_DATA = "u.data";
    public static final String RATINGS_DAT = "ratings.dat";
    public static final String MOVIES_DAT = "movies.dat";
    public static final String U_ITEM = "u.item";
    public static final String RATINGS_CSV = "ratings.csv";
    public static final String MOVIES_CSV = "movies.csv";
    public static final int CLICK_RATING = 4;

    private final int slateSize;
    private final int historyLength;
    private final MatrixFactorization.Config factorization;
    private final int itemDimension;

    public MovieLensReader(int slateSize, int historyLength, MatrixFactorization.Config factorization) {
        this(slateSize, historyLength, factorization, 0);
    }

    /** @param itemDimension the item vectors' dimension (factors + genre flags), or 0 for the factorisation's own */
    public MovieLensReader(int slateSize, int historyLength, MatrixFactorization.Config factorization, int itemDimension) {
        this.slateSize = slateSize;
        this.historyLength = historyLength;
        this.factorization = factorization;
        this.itemDimension = itemDimension;
    }

    /** {@code uri}: a u.data / ratings.dat / ratings.csv file, or a folder holding one. */
    public LogDataset read(ObjectStore store, String uri) throws IOException {
        String file = uri;
        if (!uri.endsWith(".data") && !uri.endsWith(".dat") && !uri.endsWith(".csv")) {
            String dir = DataPaths.folder(uri);
            file = store.exists(dir + U_DATA) ? dir + U_DATA
                    : store.exists(dir + RATINGS_DAT) ? dir + RATINGS_DAT : dir + RATINGS_CSV;
            if (!store.exists(file)) {
                throw new java.io.FileNotFoundException(uri + ": no " + U_DATA + ", " + RATINGS_DAT + " or "
                        + RATINGS_CSV + " in this folder");
            }
        }
        String dir = DataPaths.parent(file);
        Map<Long, float[]> genres = null;
        if (store.exists(dir + MOVIES_DAT)) {
            try (InputStream in = store.open(dir + MOVIES_DAT)) {
                genres = readMoviesDat(in, dir + MOVIES_DAT);
            }
        } else if (store.exists(dir + U_ITEM)) {
            try (InputStream in = store.open(dir + U_ITEM)) {
                genres = readUItem(in, dir + U_ITEM);
            }
        } else if (file.endsWith(".csv") && store.exists(dir + MOVIES_CSV)) {
            try (InputStream in = store.open(dir + MOVIES_CSV)) {
                genres = MovieLensCsv.readMovies(in, dir + MOVIES_CSV);
            }
        }
        try (InputStream in = store.open(file)) {
            return new LogDataset(LogFormat.MOVIELENS, read(in, file, genres), null);
        }
    }

    /** @param genres item id → attribute vector, or null */
    public LoggedSlates read(InputStream in, String source, Map<Long, float[]> genres) throws IOException {
        boolean colons = source.endsWith(".dat");
        // events {user, item, rating in half stars (2..10), timestamp}
        List<long[]> ev = new ArrayList<>();
        if (source.endsWith(".csv")) {
            ev = MovieLensCsv.readRatings(in, source);
        } else {
            List<long[]> events = ev;
            DelimitedLog.headerless(in, StandardCharsets.ISO_8859_1, source, (line, f) -> {
                String[] c = colons ? line.split("::", -1) : Fields.split(line.trim(), '\t');
                if (c.length != 4) {
                    throw f.error("expected 4 " + (colons ? "'::'" : "tab") + "-separated fields (user item rating "
                            + "timestamp), found " + c.length);
                }
                long rating = f.parseLong(c[2], "rating");
                if (rating < 1 || rating > 5) {
                    throw f.error("rating must be 1..5, was " + rating);
                }
                events.add(new long[]{f.parseLong(c[0], "user"), f.parseLong(c[1], "item"), 2 * rating,
                        f.parseLong(c[3], "timestamp")});
            });
        }
        if (ev.isEmpty()) {
            throw new LogFormatException(source, "no ratings");
        }
        // dense indices: items by increasing id, users by first appearance
        TreeMap<Long, Integer> itemIndex = new TreeMap<>();
        for (long[] e : ev) {
            itemIndex.put(e[1], 0);
        }
        int next = 0;
        for (Map.Entry<Long, Integer> e : itemIndex.entrySet()) {
            e.setValue(next++);
        }
        Map<Long, Integer> userIndex = new LinkedHashMap<>();
        int n = ev.size();
        int[] u = new int[n];
        int[] it = new int[n];
        float[] v = new float[n];
        for (int e = 0; e < n; e++) {
            long[] x = ev.get(e);
            u[e] = userIndex.computeIfAbsent(x[0], k -> userIndex.size());
            it[e] = itemIndex.get(x[1]);
            v[e] = x[2] / 2f;
        }
        int g = genres == null ? 0 : genres.values().iterator().next().length;
        MatrixFactorization.Config fc = factorization;
        if (itemDimension > 0) {
            if (itemDimension <= g) {
                throw new IllegalArgumentException("item dimension " + itemDimension + " leaves no room for learned "
                        + "factors beside " + g + " genre flags");
            }
            fc = new MatrixFactorization.Config(itemDimension - g, fc.epochs(), fc.learningRate(), fc.l2(), fc.seed());
        }
        MatrixFactorization mf = MatrixFactorization.fit(userIndex.size(), itemIndex.size(), u, it, v, fc);
        int f = mf.dimension();
        int d = f + g;
        float[] itemFactors = mf.itemFactors();
        float[] vectors = new float[itemIndex.size() * d];
        long[] ids = new long[itemIndex.size()];
        for (Map.Entry<Long, Integer> e : itemIndex.entrySet()) {
            int i = e.getValue();
            ids[i] = e.getKey();
            System.arraycopy(itemFactors, i * f, vectors, i * d, f);
            if (g > 0) {
                float[] attrs = genres.getOrDefault(e.getKey(), new float[g]);
                System.arraycopy(attrs, 0, vectors, i * d + f, g);
            }
        }
        MatrixFactorization.standardise(vectors, ids.length, d);
        ItemTable items = new ItemTable(ids, vectors, d, null, source + " (item vectors: matrix factorisation"
                + (g > 0 ? " + genres" : "") + ")");
        SlateAssembler assembler = new SlateAssembler();
        for (int e = 0; e < n; e++) {
            long[] x = ev.get(e);
            assembler.add(x[0], it[e], x[3], x[2] >= 2 * CLICK_RATING ? 1 : 0, x[2] == 10 ? 1 : 0, 0f);
        }
        return assembler.build(ItemFeatures.of(items), slateSize, historyLength, f, true,
                (user, s, h, count) -> mf.user(userIndex.get(user)), source);
    }

    private static final String[] ML1M_GENRES = {"Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
            "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
            "Thriller", "War", "Western"};

    /** ML-1M movies.dat: {@code MovieID::Title::Genre|Genre}. */
    static Map<Long, float[]> readMoviesDat(InputStream in, String source) throws IOException {
        Map<String, Integer> genreIndex = new HashMap<>();
        for (int i = 0; i < ML1M_GENRES.length; i++) {
            genreIndex.put(ML1M_GENRES[i], i);
        }
        Map<Long, float[]> out = new HashMap<>();
        DelimitedLog.headerless(in, StandardCharsets.ISO_8859_1, source, (line, f) -> {
            String[] c = line.split("::", -1);
            if (c.length != 3) {
                throw f.error("expected MovieID::Title::Genres, found " + c.length + " field(s)");
            }
            float[] flags = new float[ML1M_GENRES.length];
            for (String genre : c[2].split("\\|")) {
                Integer gi = genreIndex.get(genre.trim());
                if (gi == null) {
                    throw f.error("unknown genre '" + genre.trim() + "'");
                }
                flags[gi] = 1;
            }
            out.put(f.parseLong(c[0], "MovieID"), flags);
        });
        return out;
    }

    /** ML-100k u.item: {@code id|title|release|video release|url|19 genre flags}. */
    static Map<Long, float[]> readUItem(InputStream in, String source) throws IOException {
        Map<Long, float[]> out = new HashMap<>();
        DelimitedLog.headerless(in, StandardCharsets.ISO_8859_1, source, (line, f) -> {
            String[] c = Fields.split(line, '|');
            if (c.length != 24) {
                throw f.error("expected 24 '|'-separated fields (5 + 19 genre flags), found " + c.length);
            }
            float[] flags = new float[19];
            for (int j = 0; j < 19; j++) {
                flags[j] = f.parseBinary(c[5 + j], "genre flag " + j);
            }
            out.put(f.parseLong(c[0], "movie id"), flags);
        });
        return out;
    }
}
