package io.hsrl.core.catalog;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ItemTableReaderTest {
    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsCsvWithAndWithoutHeader() throws IOException {
        ItemTable t = ItemTableReader.readCsv(text("item_id,f1,f2\n7,1.5,-2\n9,0,3e-1\n"), "items.csv");
        assertThat(t.size()).isEqualTo(2);
        assertThat(t.dimension()).isEqualTo(2);
        assertThat(t.id(1)).isEqualTo(9);
        assertThat(t.vector(0)).containsExactly(1.5f, -2f);
        assertThat(t.indexOf(9)).isEqualTo(1);
        assertThat(t.indexOf(8)).isEqualTo(-1);
        assertThat(t.hasPrices()).isFalse();
        assertThat(ItemTableReader.readCsv(text("1,2,3\n"), "x.csv").vector(0)).containsExactly(2f, 3f);
    }

    @Test
    void badCsvRowsNameFileAndLine() {
        assertThatThrownBy(() -> ItemTableReader.readCsv(text("id,a,b\n1,1,2\n2,1\n"), "items.csv"))
                .hasMessage("items.csv:3: ragged row: 1 features, earlier rows have 2");
        assertThatThrownBy(() -> ItemTableReader.readCsv(text("1,1,x\n"), "items.csv"))
                .hasMessage("items.csv:1: feature 2 is not a number: 'x'");
        assertThatThrownBy(() -> ItemTableReader.readCsv(text("1,1,NaN\n"), "items.csv"))
                .hasMessageStartingWith("items.csv:1: feature 2 is NaN");
        assertThatThrownBy(() -> ItemTableReader.readCsv(text("1,1,2\n1,3,4\n"), "items.csv"))
                .hasMessage("items.csv:2: duplicate item_id 1 (first on line 1)");
        assertThatThrownBy(() -> ItemTableReader.readCsv(text("1.5,1,2\n"), "items.csv"))
                .hasMessage("items.csv:1: item_id is not an integer: '1.5'");
        assertThatThrownBy(() -> ItemTableReader.readCsv(text("id,a\n"), "empty.csv")).hasMessage("empty.csv: no items");
    }

    @Test
    void readsTheRealRl4rsItemTable() throws IOException {
        Path real = Path.of("../../shared/data/rl4rs/item_info.csv");
        Assumptions.assumeTrue(Files.exists(real), "skipped: ../shared/data/rl4rs/item_info.csv is not here");
        try (InputStream in = Files.newInputStream(real)) {
            ItemTable t = ItemTableReader.readRl4rs(in, real.toString());
            assertThat(t.size()).isEqualTo(283);
            assertThat(t.dimension()).isEqualTo(40);
            assertThat(t.hasPrices()).isTrue();
            assertThat(t.id(0)).isEqualTo(1);
            assertThat(t.price(0)).isPositive();
        }
    }

    @Test
    void rl4rsErrorsNameTheLine() {
        assertThatThrownBy(() -> ItemTableReader.readRl4rs(text("id vec\n"), "item_info.csv"))
                .hasMessageStartingWith("item_info.csv:1: header must start with");
        assertThatThrownBy(() -> ItemTableReader.readRl4rs(
                text("item_id item_vec price location special_item\n1 0.1,0.2 10 1 0\n2 0.1 10 1 0"), "item_info.csv"))
                .hasMessage("item_info.csv:3: ragged item_vec: 1 values, earlier rows have 2");
    }

    @Test
    void npyRoundTripAndCorruptFiles() throws IOException {
        float[] v = {1, 2, 3, 4, 5, 6};
        byte[] npy = ItemTableReader.toNpy(v, 3, 2);
        ItemTable t = ItemTableReader.readNpy(new ByteArrayInputStream(npy), "items.npy");
        assertThat(t.size()).isEqualTo(3);
        assertThat(t.id(2)).isEqualTo(3);
        assertThat(t.vector(2)).containsExactly(5f, 6f);

        byte[] truncated = Arrays.copyOf(npy, npy.length - 3);
        assertThatThrownBy(() -> ItemTableReader.readNpy(new ByteArrayInputStream(truncated), "items.npy"))
                .hasMessageStartingWith("items.npy: truncated or oversized .npy data");
        byte[] bad = npy.clone();
        bad[1] = 'X';
        assertThatThrownBy(() -> ItemTableReader.readNpy(new ByteArrayInputStream(bad), "items.npy"))
                .hasMessage("items.npy: not a .npy file (bad magic)");
    }
}
