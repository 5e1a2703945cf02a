package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.store.FileSystemObjectStore;
import io.hsrl.store.ObjectStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class Rl4rsWriterTest {
    private static final ObjectStore STORE = new FileSystemObjectStore();
    private static SyntheticWorld world;
    private static LogDataset log;

    @BeforeAll
    static void world() {
        world = SyntheticWorld.create(SyntheticWorld.Config.of(60, 40, 11).withRowsPerUser(6));
        log = world.log(LogFormat.RL4RS);
    }

    /** Converted rows equal the source rows: same items (by vector and source id), feedback, history, profile. */
    private static void assertSameSlates(LoggedSlates converted, LoggedSlates source, Map<Long, Long> sourceId,
                                         boolean profileSplit) {
        assertThat(converted.rows()).isEqualTo(source.rows());
        assertThat(converted.slateSize()).isEqualTo(source.slateSize());
        ItemTable c = converted.features().items();
        ItemTable s = source.features().items();
        for (int r = 0; r < source.rows(); r++) {
            assertThat(converted.user(r)).isEqualTo(source.user(r));
            assertThat(converted.timestamp(r)).isEqualTo(source.timestamp(r));
            for (int k = 0; k < source.slateSize(); k++) {
                int ci = converted.item(r, k);
                int si = source.item(r, k);
                assertThat(sourceId.get(c.id(ci))).as("row %d slate %d", r, k).isEqualTo(s.id(si));
                assertThat(c.vector(ci)).containsExactly(s.vector(si));
                assertThat(converted.feedback(r, k)).isEqualTo(source.feedback(r, k));
            }
            for (int h = 0; h < source.historyLength(); h++) {
                int ch = converted.historyItem(r, h);
                int sh = source.historyItem(r, h);
                assertThat(ch == ItemFeatures.PADDING ? -1L : sourceId.get(c.id(ch))).as("row %d history %d", r, h)
                        .isEqualTo(sh == ItemFeatures.PADDING ? -1L : s.id(sh));
            }
            float[] pc = new float[converted.profileDimension()];
            float[] ps = new float[source.profileDimension()];
            converted.copyProfile(r, pc, 0);
            source.copyProfile(r, ps, 0);
            int p = ps.length;
            assertThat(pc).hasSize(profileSplit ? 2 * p : p);
            for (int j = 0; j < p; j++) {
                double back = profileSplit ? pc[j] - pc[p + j] : pc[j];
                assertThat(back).as("row %d profile %d", r, j).isCloseTo(ps[j], within(1e-5 * Math.max(1, Math.abs(ps[j]))));
            }
        }
    }

    private static Map<Long, Long> idMap(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(Rl4rsWriter.ID_MAP));
        assertThat(lines.get(0)).isEqualTo("item_id,source_item_id");
        Map<Long, Long> m = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            m.put(Long.parseLong(f[0]), Long.parseLong(f[1]));
        }
        return m;
    }

    private static LogDataset convert(LogDataset source, Path out) throws IOException {
        Rl4rsWriter.write(STORE, out.toString(), source);
        return new Rl4rsLogReader(50).read(STORE, out.toString());
    }

    @Test
    void everyFormatConvertsToTheSameSlates(@TempDir Path dir) throws IOException {
        for (LogFormat format : LogFormat.values()) {
            Path in = dir.resolve("in-" + format.value());
            new SyntheticWriter(world, log).write(STORE, in.toString(), format);
            LogDataset source = Rl4rsWriter.holdOutUsers(
                    LogReaders.read(STORE, in.toString(), format, LogReaders.Options.defaults()), 0.2, 5);
            Path out = dir.resolve("out-" + format.value());
            Rl4rsWriter.Written written = Rl4rsWriter.write(STORE, out.toString(), source);
            LogDataset back = new Rl4rsLogReader(50).read(STORE, out.toString());
            Map<Long, Long> ids = idMap(out);
            assertThat(back.test()).as(format.value()).isNotNull();
            // learned user factors (movielens) have negative values: written split in two non-negative halves
            boolean split = written.profileSplit();
            assertThat(split).as(format.value()).isEqualTo(format == LogFormat.MOVIELENS);
            assertSameSlates(back.train(), source.train(), ids, split);
            assertSameSlates(back.test(), source.test(), ids, split);
        }
    }

    @Test
    void itemIdsAreRenumberedOneToNInRowOrderAsTheReferenceLooksThemUp(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("in");
        new SyntheticWriter(world, log).write(STORE, in.toString(), LogFormat.CSV);
        LogDataset source = Rl4rsWriter.holdOutUsers(LogReaders.read(STORE, in.toString(), LogFormat.CSV,
                LogReaders.Options.defaults()), 0.2, 5);
        Path out = dir.resolve("out");
        Rl4rsWriter.write(STORE, out.toString(), source);
        List<String> info = Files.readAllLines(out.resolve("item_info.csv"));
        assertThat(info.get(0)).isEqualTo("item_id item_vec price location special_item");
        assertThat(info).hasSize(source.features().size() + 1);
        for (int r = 1; r < info.size(); r++) {
            String[] f = info.get(r).split(" ");
            assertThat(f).hasSize(5);
            assertThat(f[0]).isEqualTo(Integer.toString(r));
            assertThat(f[1].split(",")).hasSize(source.features().dimension());
        }
        List<String> train = Files.readAllLines(out.resolve("rl4rs_b_train.csv"));
        assertThat(train.get(0)).isEqualTo(String.join("@", Rl4rsLogReader.COLUMNS));
        for (String row : train.subList(1, train.size())) {
            String[] c = row.split("@", -1);
            assertThat(c).hasSize(9);
            assertThat(c[3].split(",")).hasSize(9);
            assertThat(c[7].split(";")).hasSize(9);
            for (String v : c[6].split(",")) {
                assertThat(Float.parseFloat(v)).isGreaterThanOrEqualTo(0f);
            }
        }
    }

    @Test
    void heldOutUsersAreSeededAndKeepEveryRowOfAUserTogether() {
        LoggedSlates all = log.train();
        LogDataset noTest = new LogDataset(LogFormat.CSV, all, null);
        LogDataset a = Rl4rsWriter.holdOutUsers(noTest, 0.25, 3);
        LogDataset b = Rl4rsWriter.holdOutUsers(noTest, 0.25, 3);
        assertThat(a.train().rows() + a.test().rows()).isEqualTo(all.rows());
        assertThat(a.test().rows()).isEqualTo(b.test().rows());
        Set<Long> trainUsers = new HashSet<>();
        for (int r = 0; r < a.train().rows(); r++) {
            trainUsers.add(a.train().user(r));
        }
        Set<Long> testUsers = new HashSet<>();
        for (int r = 0; r < a.test().rows(); r++) {
            testUsers.add(a.test().user(r));
        }
        assertThat(testUsers).isNotEmpty().doesNotContainAnyElementsOf(trainUsers);
        assertThat((double) testUsers.size() / (testUsers.size() + trainUsers.size())).isBetween(0.1, 0.4);
        assertThat(Rl4rsWriter.holdOutUsers(log, 0.5, 1)).isSameAs(log);
        assertThatThrownBy(() -> Rl4rsWriter.holdOutUsers(noTest, 1.0, 1)).hasMessageContaining("test fraction");
    }

    @Test
    void movieLensLatestCsvConvertsWithHalfStarsAndGenres(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("ml");
        Files.createDirectories(in);
        StringBuilder ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (int u = 1; u <= 4; u++) {
            for (int m = 0; m < 6; m++) {
                double rating = 0.5 * (1 + (u * 7 + m * 3) % 10);
                ratings.append(u).append(',').append(100 + m * 10 + u % 2).append(',').append(rating).append(',')
                        .append(1000 + m).append('\n');
            }
        }
        Files.writeString(in.resolve("ratings.csv"), ratings.toString());
        StringBuilder movies = new StringBuilder("movieId,title,genres\n");
        for (int m = 0; m < 6; m++) {
            for (int parity = 0; parity < 2; parity++) {
                movies.append(100 + m * 10 + parity).append(",\"Title, The (19").append(90 + m).append(")\",")
                        .append(m == 0 ? "(no genres listed)" : "Comedy|IMAX").append('\n');
            }
        }
        Files.writeString(in.resolve("movies.csv"), movies.toString());
        LogDataset source = new MovieLensReader(3, 50, new MatrixFactorization.Config(4, 5, 0.02, 0.02, 1), 23)
                .read(STORE, in.toString());
        LoggedSlates rows = source.train();
        assertThat(rows.rows()).isEqualTo(8);
        assertThat(rows.itemDimension()).isEqualTo(23);
        // user 1, movie 100: rating 0.5 * (1 + 7 % 10) = 4.0 is a click; user 1, movie 110: 0.5 * (1 + 10 % 10) = 0.5
        assertThat(rows.feedback(0, 0)).isEqualTo(1f);
        assertThat(rows.feedback(0, 1)).isEqualTo(0f);
        LogDataset split = Rl4rsWriter.holdOutUsers(source, 0.25, 2);
        Path out = dir.resolve("out");
        LogDataset back = convert(split, out);
        assertSameSlates(back.train(), split.train(), idMap(out), true);
        assertSameSlates(back.test(), split.test(), idMap(out), true);
    }

    @Test
    void badMovieLensCsvNamesFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,2,4.0,10\n1,3,4.2,11\n");
        assertThatThrownBy(() -> new MovieLensReader(1, 5, MatrixFactorization.Config.defaults(1)).read(STORE, dir.toString()))
                .isInstanceOf(LogFormatException.class)
                .hasMessage(dir.resolve("ratings.csv") + ":3: rating must be 0.5..5 in half stars, was 4.2");
        Files.writeString(dir.resolve("ratings.csv"), "user,movie,rating,timestamp\n1,2,4.0,10\n");
        assertThatThrownBy(() -> new MovieLensReader(1, 5, MatrixFactorization.Config.defaults(1)).read(STORE, dir.toString()))
                .hasMessageStartingWith(dir.resolve("ratings.csv") + ":1: header must be userId,movieId,rating,timestamp");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,2,4.0,10\n");
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n2,A,Comedy\n3,\"B, The\",Polka\n");
        assertThatThrownBy(() -> new MovieLensReader(1, 5, MatrixFactorization.Config.defaults(1)).read(STORE, dir.toString()))
                .hasMessage(dir.resolve("movies.csv") + ":3: unknown genre 'Polka'");
    }
}
