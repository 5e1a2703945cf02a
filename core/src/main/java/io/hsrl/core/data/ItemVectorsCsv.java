package io.hsrl.core.data;

import io.hsrl.core.catalog.ItemTable;

import java.nio.charset.StandardCharsets;

/**
 * Writes an item table as {@code item_id,f1..fd} (the format {@code ItemTableReader.readCsv} reads), so that item
 * vectors learned from interactions (MovieLens, CSV logs) can be indexed by {@code trainer index --format csv}.
 */
public final class ItemVectorsCsv {
    public static final String FILE = "item_vectors.csv";

    private ItemVectorsCsv() {
    }

    public static byte[] toCsv(ItemTable items) {
        StringBuilder sb = new StringBuilder(items.size() * items.dimension() * 10);
        sb.append("item_id");
        for (int q = 0; q < items.dimension(); q++) {
            sb.append(",f").append(q + 1);
        }
        sb.append('\n');
        float[] v = items.vectors();
        int d = items.dimension();
        for (int i = 0; i < items.size(); i++) {
            sb.append(items.id(i));
            for (int q = 0; q < d; q++) {
                sb.append(',').append(v[i * d + q]);
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
