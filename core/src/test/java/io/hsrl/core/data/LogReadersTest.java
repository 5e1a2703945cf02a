package io.hsrl.core.data;

import io.hsrl.contracts.LogFormat;
import io.hsrl.core.catalog.ItemTable;
import io.hsrl.store.FileSystemObjectStore;
import io.hsrl.store.ObjectStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LogReadersTest {
    private static final ObjectStore STORE = new FileSystemObjectStore();
    private static SyntheticWorld world;
    private static LogDataset log;

    @BeforeAll
    static void world() {
        world = SyntheticWorld.create(SyntheticWorld.Config.of(60, 40, 11).withRowsPerUser(6));
        log = world.log(LogFormat.RL4RS);
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static LogDataset roundTrip(Path dir, LogFormat format) throws IOException {
        new SyntheticWriter(world, log).write(STORE, dir.toString(), format);
        return LogReaders.read(STORE, dir.toString(), format, LogReaders.Options.defaults());
    }

    /** Slates, feedback and histories equal; profiles equal within float rounding of the format. */
    private static void assertSameRows(LoggedSlates actual, LoggedSlates expected, boolean sameItemIndices, double profileTolerance) {
        assertThat(actual.rows()).isEqualTo(expected.rows());
        assertThat(actual.slateSize()).isEqualTo(expected.slateSize());
        ItemTable a = actual.features().items();
        ItemTable e = expected.features().items();
        for (int r = 0; r < expected.rows(); r++) {
            for (int k = 0; k < expected.slateSize(); k++) {
                long expectedId = e.id(expected.item(r, k));
                assertThat(a.id(actual.item(r, k))).as("row %d slate %d", r, k).isEqualTo(expectedId);
                if (sameItemIndices) {
                    assertThat(actual.item(r, k)).isEqualTo(expected.item(r, k));
                }
                assertThat(actual.feedback(r, k)).isEqualTo(expected.feedback(r, k));
            }
            for (int h = 0; h < expected.historyLength(); h++) {
                int ei = expected.historyItem(r, h);
                int ai = actual.historyItem(r, h);
                assertThat(ai == ItemFeatures.PADDING ? -1 : a.id(ai)).as("row %d history %d", r, h)
                        .isEqualTo(ei == ItemFeatures.PADDING ? -1 : e.id(ei));
            }
            if (profileTolerance >= 0) {
                float[] pa = new float[actual.profileDimension()];
                float[] pe = new float[expected.profileDimension()];
                actual.copyProfile(r, pa, 0);
                expected.copyProfile(r, pe, 0);
                for (int j = 0; j < pe.length; j++) {
                    assertThat((double) pa[j]).isCloseTo(pe[j], within(profileTolerance));
                }
            }
        }
    }

    private static LoggedSlates all() {
        int[] train = new int[log.train().rows()];
        for (int i = 0; i < train.length; i++) {
            train[i] = i;
        }
        int[] test = new int[log.test().rows()];
        for (int i = 0; i < test.length; i++) {
            test[i] = i;
        }
        // train users precede test users in the single-file formats
        LoggedSlates.Builder b = LoggedSlates.builder(log.features(), 9, 50, 42, "all");
        for (LoggedSlates part : new LoggedSlates[]{log.train(), log.test()}) {
            for (int r = 0; r < part.rows(); r++) {
                int[] slate = new int[9];
                float[] fb = new float[9];
                int[] hist = new int[50];
                float[] prof = new float[42];
                part.copySlate(r, slate, 0);
                part.copyFeedback(r, fb, 0);
                part.copyHistory(r, hist, 0);
                part.copyProfile(r, prof, 0);
                int n = 0;
                for (int x : hist) {
                    n += x == ItemFeatures.PADDING ? 0 : 1;
                }
                b.add(part.user(r), part.timestamp(r), slate, fb, null, null,
                        java.util.Arrays.copyOfRange(hist, 50 - n, 50), prof);
            }
        }
        return b.build();
    }

    @Test
    void rl4rsRoundTripsThroughTheReferenceFiles(@TempDir Path dir) throws IOException {
        LogDataset back = roundTrip(dir, LogFormat.RL4RS);
        assertThat(Files.exists(dir.resolve("item_info.csv"))).isTrue();
        assertThat(Files.exists(dir.resolve("rl4rs_b_train.csv"))).isTrue();
        assertThat(Files.exists(dir.resolve("rl4rs_b_test.csv"))).isTrue();
        assertThat(back.features().items().vectors()).containsExactly(world.items().vectors());
        assertThat(back.features().items().price(3)).isCloseTo(world.items().price(3), within(1e-4));
        assertSameRows(back.train(), log.train(), true, 1e-5);
        assertSameRows(back.test(), log.test(), true, 1e-5);
        String header = Files.readAllLines(dir.resolve("rl4rs_b_train.csv")).get(0);
        assertThat(header).isEqualTo("timestamp@session_id@sequence_id@exposed_items@user_feedback@user_seqfeature"
                + "@user_protrait@item_feature@behavior_policy_id");
    }

    @Test
    void rl4rsCarriesConversionsAndCostsInTheFileBesideEachLog(@TempDir Path dir) throws IOException {
        LogDataset back = roundTrip(dir, LogFormat.RL4RS);
        assertThat(Files.readAllLines(dir.resolve("rl4rs_b_train_conversions.csv")).get(0))
                .isEqualTo("timestamp@session_id@conversions@costs");
        for (LoggedSlates[] pair : new LoggedSlates[][]{{back.train(), log.train()}, {back.test(), log.test()}}) {
            assertThat(pair[0].hasConversions()).isTrue();
            long converted = 0;
            for (int r = 0; r < pair[1].rows(); r++) {
                for (int k = 0; k < pair[1].slateSize(); k++) {
                    assertThat(pair[0].conversion(r, k)).as("row %d item %d", r, k).isEqualTo(pair[1].conversion(r, k));
                    assertThat((double) pair[0].cost(r, k)).isCloseTo(pair[1].cost(r, k), within(1e-6));
                    converted += (long) pair[1].conversion(r, k);
                }
            }
            assertThat(converted).isPositive();
        }
        // the log files themselves are the reference's: without the conversions file they read as clicks only
        Files.delete(dir.resolve("rl4rs_b_test_conversions.csv"));
        LogDataset clicksOnly = LogReaders.read(STORE, dir.toString(), LogFormat.RL4RS, LogReaders.Options.defaults());
        assertThat(clicksOnly.test().hasConversions()).isFalse();
        assertSameRows(clicksOnly.test(), log.test(), true, 1e-5);
    }

    @Test
    void aConversionsFileThatDoesNotMatchItsLogIsAnErrorNamingItsLine(@TempDir Path dir) throws IOException {
        new SyntheticWriter(world, log).write(STORE, dir.toString(), LogFormat.RL4RS);
        Path conv = dir.resolve("rl4rs_b_train_conversions.csv");
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(conv));
        String original = lines.get(2);
        lines.set(2, original.replaceFirst("^\\d+", "1"));
        Files.write(conv, lines);
        assertThatThrownBy(() -> LogReaders.read(STORE, dir.toString(), LogFormat.RL4RS, LogReaders.Options.defaults()))
                .hasMessageContaining("rl4rs_b_train_conversions.csv:3:").hasMessageContaining("does not match row 2");
        lines.set(2, original);
        lines.remove(lines.size() - 1);
        Files.write(conv, lines);
        assertThatThrownBy(() -> LogReaders.read(STORE, dir.toString(), LogFormat.RL4RS, LogReaders.Options.defaults()))
                .hasMessageContaining("rl4rs_b_train_conversions.csv");
        String[] last = original.split("@");
        lines.set(2, last[0] + "@" + last[1] + "@0,0,0,0,0,0,0,0,x@" + last[3]);
        Files.write(conv, lines);
        assertThatThrownBy(() -> LogReaders.read(STORE, dir.toString(), LogFormat.RL4RS, LogReaders.Options.defaults()))
                .hasMessageContaining("rl4rs_b_train_conversions.csv:3:").hasMessageContaining("conversions[8]");
    }

    @Test
    void ml1mRoundTripsWithPaddingRowAndRawProfiles(@TempDir Path dir) throws IOException {
        LogDataset back = roundTrip(dir, LogFormat.ML1M);
        assertThat(back.features().size()).isEqualTo(world.items().size());
        assertThat(back.features().padding()).containsOnly(0f);
        assertThat(back.features().items().vectors()).containsExactly(world.items().vectors());
        assertSameRows(back.train(), log.train(), true, 0);
        assertSameRows(back.test(), log.test(), true, 0);
    }

    @Test
    void csvRoundTripsSlatesConversionsAndPrices(@TempDir Path dir) throws IOException {
        LogDataset back = roundTrip(dir, LogFormat.CSV);
        assertThat(back.test()).isNull();
        LoggedSlates rows = back.train();
        assertSameRows(rows, all(), false, 1e-6);
        assertThat(rows.hasConversions()).isTrue();
        // conversions and costs survive; prices are recovered from cost per click
        LoggedSlates train = log.train();
        for (int r = 0; r < train.rows(); r++) {
            for (int k = 0; k < 9; k++) {
                assertThat(rows.conversion(r, k)).isEqualTo(train.conversion(r, k));
                assertThat(rows.cost(r, k)).isCloseTo(train.cost(r, k), within(1e-5f));
            }
        }
        ItemTable items = rows.features().items();
        int clickedItem = train.item(firstClickRow(train), firstClickPosition(train));
        int idx = items.indexOf(world.items().id(clickedItem));
        assertThat(items.price(idx)).isCloseTo(world.items().price(clickedItem), within(1e-3));
    }

    @Test
    void csvWithoutItemFileLearnsItemVectors(@TempDir Path dir) throws IOException {
        new SyntheticWriter(world, log).write(STORE, dir.toString(), LogFormat.CSV);
        Files.delete(dir.resolve("items.csv"));
        Files.delete(dir.resolve("users.csv"));
        LoggedSlates rows = LogReaders.read(STORE, dir.resolve("log.csv").toString(), LogFormat.CSV,
                LogReaders.Options.defaults()).train();
        assertThat(rows.itemDimension()).isEqualTo(16);
        assertThat(rows.profileDimension()).isEqualTo(2);
        assertSameRows(rows, all(), false, -1);
        // the summary profile: log(1 + earlier slates), earlier click rate
        float[] prof = new float[2];
        rows.copyProfile(0, prof, 0);
        assertThat(prof).containsExactly(0f, 0f);
        rows.copyProfile(1, prof, 0);
        assertThat((double) prof[0]).isCloseTo(Math.log(2), within(1e-6));
    }

    @Test
    void movieLensRatingsBecomeSlatesWithLearnedItemVectors(@TempDir Path dir) throws IOException {
        LogDataset back = roundTrip(dir, LogFormat.MOVIELENS);
        LoggedSlates rows = back.train();
        assertSameRows(rows, all(), false, -1);
        assertThat(rows.itemDimension()).isEqualTo(16);
        assertThat(rows.profileDimension()).isEqualTo(16);
        // likes (rating 5) are the conversion signal
        LoggedSlates train = log.train();
        for (int k = 0; k < 9; k++) {
            assertThat(rows.conversion(0, k)).isEqualTo(train.conversion(0, k));
        }
        // learned vectors are standardised and deterministic per seed
        LogDataset again = LogReaders.read(STORE, dir.toString(), LogFormat.MOVIELENS, LogReaders.Options.defaults());
        assertThat(again.features().items().vectors()).containsExactly(back.features().items().vectors());
        // and they can be written for the index command, exactly
        ItemTable learned = back.features().items();
        ItemTable reread = io.hsrl.core.catalog.ItemTableReader.readCsv(
                new ByteArrayInputStream(ItemVectorsCsv.toCsv(learned)), "item_vectors.csv");
        assertThat(reread.ids()).containsExactly(learned.ids());
        assertThat(reread.vectors()).containsExactly(learned.vectors());
    }

    @Test
    void movieLensDatFormatWithGenres(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ratings.dat"), "1::10::5::100\n1::11::1::101\n1::12::4::102\n1::13::2::103\n"
                + "2::10::4::100\n2::13::5::101\n2::11::3::102\n2::12::1::104\n");
        Files.writeString(dir.resolve("movies.dat"), "10::A (1990)::Action|Comedy\n11::B (1991)::Drama\n"
                + "12::C::Horror\n13::D::Comedy\n");
        LoggedSlates rows = new MovieLensReader(2, 5, new MatrixFactorization.Config(4, 5, 0.02, 0.02, 1))
                .read(STORE, dir.toString()).train();
        assertThat(rows.rows()).isEqualTo(4);
        assertThat(rows.itemDimension()).isEqualTo(4 + 18);
        ItemTable items = rows.features().items();
        assertThat(items.id(rows.item(0, 0))).isEqualTo(10);
        assertThat(rows.feedback(0, 0)).isEqualTo(1f);
        assertThat(rows.feedback(0, 1)).isEqualTo(0f);
        // user 1's second slate (12, 13) has the clicked 10 in its history
        assertThat(items.id(rows.historyItem(1, 4))).isEqualTo(10);
        assertThat(rows.historyItem(1, 3)).isEqualTo(ItemFeatures.PADDING);
    }

    @Test
    void badLinesNameFileAndLine(@TempDir Path dir) throws IOException {
        ItemFeatures f = world.features();
        String header = String.join("@", Rl4rsLogReader.COLUMNS) + "\n";
        String good = "1@1@0@1,2,3,4,5,6,7,8,9@1,0,0,0,0,0,0,0,1@0@" + "1,".repeat(41) + "1@x@0\n";
        Rl4rsLogReader rl4rs = new Rl4rsLogReader(50);
        assertThat(rl4rs.read(text(header + good), "b.csv", f).rows()).isEqualTo(1);
        assertThatThrownBy(() -> rl4rs.read(text(header + good + "1@1@0@1,2@1,0\n"), "b.csv", f))
                .hasMessage("b.csv:3: expected 9 '@'-separated columns, found 5");
        assertThatThrownBy(() -> rl4rs.read(text(header + good.replace("1,2,3,", "1,2,999,")), "b.csv", f))
                .hasMessageStartingWith("b.csv:2: exposed_items[2]: item id 999 is not in");
        assertThatThrownBy(() -> rl4rs.read(text(header + good.replace("@1,0,0,0", "@1,2,0,0")), "b.csv", f))
                .hasMessage("b.csv:2: user_feedback[1] must be 0 or 1, was 2");
        assertThatThrownBy(() -> rl4rs.read(text(header + good.replace("@0@" + "1,".repeat(41), "@0@x," + "1,".repeat(40))), "b.csv", f))
                .hasMessage("b.csv:2: user_protrait[0] is not a number: 'x'");
        assertThatThrownBy(() -> rl4rs.read(text("a@b\n"), "b.csv", f)).hasMessageStartingWith("b.csv:1: header must be");

        String mlHeader = String.join("\t", Ml1mLogReader.COLUMNS) + "\n";
        Ml1mLogReader ml = new Ml1mLogReader(50);
        float[] users = new float[2 * 3];
        String mlGood = "1\t[1, 2]\t[1, 0]\t[1, 0]\t[0, 0]\t[]\t[3, 0]\t[]\t7\n";
        LoggedSlates ok = ml.read(text(mlHeader + mlGood), "t.tsv", f, users, 3);
        assertThat(ok.historyItem(0, 49)).isEqualTo(2);
        assertThatThrownBy(() -> ml.read(text(mlHeader + mlGood + "1\t[1, 2\t[1, 0]\t[1, 0]\t[0, 0]\t[]\t[]\t[]\t7\n"),
                "t.tsv", f, users, 3)).hasMessage("t.tsv:3: slate_of_items must be a list literal like [1, 2, 3], was '[1, 2'");
        assertThatThrownBy(() -> ml.read(text(mlHeader + mlGood.replace("1\t[1, 2]", "5\t[1, 2]")), "t.tsv", f, users, 3))
                .hasMessage("t.tsv:2: user_ID 5 has no row in users_meta (2 rows)");
        assertThatThrownBy(() -> ml.read(text(mlHeader + mlGood.replace("[3, 0]", "[3, a]")), "t.tsv", f, users, 3))
                .hasMessage("t.tsv:2: user_mid_history[1] is not an integer: 'a'");

        CsvLogReader csv = new CsvLogReader(2, 50, 1);
        assertThatThrownBy(() -> csv.read(text("user,item\n"), "log.csv", world.items(), null))
                .hasMessageStartingWith("log.csv:1: header must be exactly user_id,item_id,timestamp,click,conversion,cost");
        assertThatThrownBy(() -> csv.read(text("user_id,item_id,timestamp,click,conversion,cost\n1,1,5,1,0,0.5\n1,2,6,2,0,0\n"),
                "log.csv", world.items(), null)).hasMessage("log.csv:3: click must be 0 or 1, was '2'");
        assertThatThrownBy(() -> csv.read(text("user_id,item_id,timestamp,click,conversion,cost\n1,1,5,0,1,0\n"),
                "log.csv", world.items(), null)).hasMessage("log.csv:2: conversion 1 without a click");

        Path data = dir.resolve("u.data");
        Files.writeString(data, "1\t2\t5\t10\n1\t3\t7\t11\n");
        assertThatThrownBy(() -> new MovieLensReader(1, 5, MatrixFactorization.Config.defaults(1)).read(STORE, data.toString()))
                .hasMessage(data + ":2: rating must be 1..5, was 7");
    }

    @Test
    void historyPaddingMapsToThePaddingVector() {
        ItemTable t = new ItemTable(new long[]{5, 6}, new float[]{1, 2, 3, 4}, 2, null, "t");
        float[] out = new float[6];
        new ItemFeatures(t, new float[]{-7, 9}).gather(new int[]{ItemFeatures.PADDING, 1, 0}, 0, 3, out, 0);
        assertThat(out).containsExactly(-7, 9, 3, 4, 1, 2);
        ItemFeatures.of(t).gather(new int[]{ItemFeatures.PADDING}, 0, 1, out, 0);
        assertThat(out[0]).isZero();
        assertThat(out[1]).isZero();
    }

    @Test
    void pythonListLiterals() throws LogFormatException {
        Fields f = new Fields("x.tsv", 4);
        assertThat(f.parsePythonList(" [1, 2,3] ", "l")).containsExactly(1, 2, 3);
        assertThat(f.parsePythonList("[]", "l")).isEmpty();
        assertThat(f.parsePythonList("[4.0, 5]", "l")).containsExactly(4, 5);
        assertThatThrownBy(() -> f.parsePythonList("1, 2", "l")).hasMessageStartingWith("x.tsv:4: l must be a list literal");
        assertThatThrownBy(() -> f.parsePythonList("[1,,2]", "l")).hasMessage("x.tsv:4: l[1] is empty in '[1,,2]'");
    }

    @Test
    void generatorIsDeterministicPerSeed(@TempDir Path dir) throws IOException {
        SyntheticWorld a = SyntheticWorld.create(SyntheticWorld.Config.of(30, 10, 5).withRowsPerUser(3));
        SyntheticWorld b = SyntheticWorld.create(SyntheticWorld.Config.of(30, 10, 5).withRowsPerUser(3));
        SyntheticWorld c = SyntheticWorld.create(SyntheticWorld.Config.of(30, 10, 6).withRowsPerUser(3));
        new SyntheticWriter(a, a.log(LogFormat.RL4RS)).write(STORE, dir.resolve("a").toString(), LogFormat.RL4RS);
        new SyntheticWriter(b, b.log(LogFormat.RL4RS)).write(STORE, dir.resolve("b").toString(), LogFormat.RL4RS);
        new SyntheticWriter(c, c.log(LogFormat.RL4RS)).write(STORE, dir.resolve("c").toString(), LogFormat.RL4RS);
        for (String file : new String[]{"item_info.csv", "rl4rs_b_train.csv"}) {
            assertThat(Files.readString(dir.resolve("a").resolve(file))).isEqualTo(Files.readString(dir.resolve("b").resolve(file)));
            assertThat(Files.readString(dir.resolve("a").resolve(file))).isNotEqualTo(Files.readString(dir.resolve("c").resolve(file)));
        }
        // the ground truth is plausible: some clicks, not all
        double rate = a.log(LogFormat.RL4RS).train().clickRate();
        assertThat(rate).isBetween(0.1, 0.9);
    }

    private static int firstClickRow(LoggedSlates s) {
        for (int r = 0; r < s.rows(); r++) {
            for (int k = 0; k < s.slateSize(); k++) {
                if (s.feedback(r, k) == 1) {
                    return r;
                }
            }
        }
        throw new AssertionError("no click");
    }

    private static int firstClickPosition(LoggedSlates s) {
        int r = firstClickRow(s);
        for (int k = 0; k < s.slateSize(); k++) {
            if (s.feedback(r, k) == 1) {
                return k;
            }
        }
        throw new AssertionError("no click");
    }

}
