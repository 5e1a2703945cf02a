package io.hsrl.core.agent;

import io.hsrl.core.catalog.ItemTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReferenceSidTableTest {
    /** An int64 C-order .npy as numpy.save writes it. */
    static byte[] npy(long[][] rows) {
        int l = rows[0].length;
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + rows.length + ", " + l + "), }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + rows.length * l * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (long[] r : rows) {
            for (long t : r) {
                b.putLong(t);
            }
        }
        return b.array();
    }

    /** Catalogue rows in an order unlike the ids, to show the table is read by item id. */
    private static ItemTable catalogue(long... ids) {
        return new ItemTable(ids, new float[ids.length * 2], 2, null, "items");
    }

    // row 0: padding; items 1 and 3 collide; item 4 was not seen by the build (−1); item 6 is beyond the table
    private static final long[][] TABLE = {{-1, -1, -1}, {2, 11, 14}, {9, 11, 9}, {2, 11, 14}, {-1, -1, -1}, {0, 0, 1}};

    @Test
    void itemsGetTheReferenceTokensByIdWithCollisionsKeptAndMissingItemsAtZero() throws IOException {
        ReferenceSidTable t = ReferenceSidTable.readNpy(npy(TABLE), catalogue(3, 1, 2, 4, 5, 6), "sid.npy");
        assertThat(t.length()).isEqualTo(3);
        assertThat(t.items()).isEqualTo(6);
        assertThat(t.sid(0)).containsExactly(2, 11, 14);
        assertThat(t.sid(1)).containsExactly(2, 11, 14);
        assertThat(t.sid(2)).containsExactly(9, 11, 9);
        assertThat(t.sid(3)).containsExactly(0, 0, 0);
        assertThat(t.sid(4)).containsExactly(0, 0, 1);
        assertThat(t.sid(5)).containsExactly(0, 0, 0);
        assertThat(t.unindexed()).isEqualTo(2);
        assertThat(t.distinctSids()).isEqualTo(4);
        assertThat(t.vocabulary(0)).isEqualTo(10);
        assertThat(t.vocabulary(1)).isEqualTo(12);
        assertThat(t.vocabulary(2)).isEqualTo(15);
        assertThat(t.item(new int[]{2, 11, 14})).as("the lowest catalogue index holding the SID").isZero();
        assertThat(t.item(new int[]{0, 0, 0})).isEqualTo(3);
        assertThat(t.item(new int[]{1, 1, 1})).isEqualTo(-1);
        assertThat(t.children(new int[0], 0)).containsExactly(0, 2, 9);
        assertThat(t.children(new int[]{0, 0}, 2)).containsExactly(0, 1);
        assertThat(t.children(new int[]{5}, 1)).isEmpty();
    }

    @Test
    void aCorruptFileIsNamed() {
        byte[] good = npy(TABLE);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        assertThatThrownBy(() -> ReferenceSidTable.readNpy(truncated, catalogue(1), "x/sid.npy"))
                .hasMessageContaining("x/sid.npy").hasMessageContaining("truncated");
        byte[] floats = new String(good, StandardCharsets.ISO_8859_1).replace("<i8", "<f8").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ReferenceSidTable.readNpy(floats, catalogue(1), "x/sid.npy"))
                .hasMessageContaining("x/sid.npy").hasMessageContaining("int64");
        assertThatThrownBy(() -> ReferenceSidTable.readNpy(new byte[]{1, 2, 3}, catalogue(1), "x/sid.npy"))
                .hasMessageContaining("x/sid.npy");
    }
}
