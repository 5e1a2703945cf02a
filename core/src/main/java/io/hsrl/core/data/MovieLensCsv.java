package io.hsrl.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CSV files of the MovieLens "latest" releases (e.g. ml-latest-small): {@code ratings.csv}
 * ({@code userId,movieId,rating,timestamp}, half-star ratings 0.5–5.0) and {@code movies.csv}
 * ({@code movieId,title,genres}; a title may be quoted and hold commas, so the id is the text before the first comma
 * and the genres the text after the last).
 */
final class MovieLensCsv {
    static final String RATINGS_HEADER = "userId,movieId,rating,timestamp";
    static final String MOVIES_HEADER = "movieId,title,genres";
    /** The genres of the latest releases; "(no genres listed)" sets no flag. */
    static final String[] GENRES = {"Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary",
            "Drama", "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
            "War", "Western"};
    static final String NO_GENRES = "(no genres listed)";

    private MovieLensCsv() {
    }

    private static final DelimitedLog RATINGS = new DelimitedLog(',', RATINGS_HEADER.split(","), DelimitedLog.Header.LINE);
    private static final DelimitedLog MOVIES = new DelimitedLog(',', MOVIES_HEADER.split(","), DelimitedLog.Header.LINE);

    /** Events {@code {user, item, rating in half stars (1..10), timestamp}} in file order. */
    static List<long[]> readRatings(InputStream in, String source) throws IOException {
        List<long[]> ev = new ArrayList<>();
        RATINGS.readLines(in, source, (line, f) -> {
            String[] c = Fields.split(line.trim(), ',');
            if (c.length != 4) {
                throw f.error("expected 4 comma-separated fields (" + RATINGS_HEADER + "), found " + c.length);
            }
            float rating = f.parseFloat(c[2], "rating");
            float halves = rating * 2;
            if (halves < 1 || halves > 10 || halves != Math.rint(halves)) {
                throw f.error("rating must be 0.5..5 in half stars, was " + c[2].trim());
            }
            ev.add(new long[]{f.parseLong(c[0], "userId"), f.parseLong(c[1], "movieId"), (long) halves,
                    f.parseLong(c[3], "timestamp")});
        });
        if (ev.isEmpty()) {
            throw new LogFormatException(source, "no ratings");
        }
        return ev;
    }

    /** movieId → genre flags ({@link #GENRES}). */
    static Map<Long, float[]> readMovies(InputStream in, String source) throws IOException {
        Map<String, Integer> genreIndex = new HashMap<>();
        for (int i = 0; i < GENRES.length; i++) {
            genreIndex.put(GENRES[i], i);
        }
        Map<Long, float[]> out = new HashMap<>();
        // a title may hold commas: the id is the text before the first comma, the genres the text after the last
        MOVIES.readLines(in, source, (line, f) -> {
            int first = line.indexOf(',');
            int last = line.lastIndexOf(',');
            if (first < 0 || last == first) {
                throw f.error("expected " + MOVIES_HEADER + " (3 fields)");
            }
            float[] flags = new float[GENRES.length];
            for (String genre : line.substring(last + 1).trim().split("\\|")) {
                String g = genre.trim();
                if (g.equals(NO_GENRES)) {
                    continue;
                }
                Integer gi = genreIndex.get(g);
                if (gi == null) {
                    throw f.error("unknown genre '" + g + "'");
                }
                flags[gi] = 1;
            }
            out.put(f.parseLong(line.substring(0, first), "movieId"), flags);
        });
        return out;
    }
}
