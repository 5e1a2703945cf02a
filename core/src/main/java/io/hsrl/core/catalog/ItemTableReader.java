package io.hsrl.core.catalog;

import io.hsrl.contracts.ItemVectorFormat;
import io.hsrl.store.ObjectStore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads item catalogues. Every error names the file and, for text formats, the line: ragged rows, non-numbers, NaN or
 * infinite values, duplicate ids, bad headers.
 */
public final class ItemTableReader {
    private ItemTableReader() {
    }

    public static ItemTable read(ObjectStore store, String uri, ItemVectorFormat format) throws IOException {
        try (InputStream in = store.open(uri)) {
            return read(in, uri, format);
        }
    }

    public static ItemTable read(InputStream in, String source, ItemVectorFormat format) throws IOException {
        return switch (format) {
            case CSV -> readCsv(in, source);
            case RL4RS -> readRl4rs(in, source);
            case NPY -> readNpy(in, source);
        };
    }

    /** {@code item_id,f1,...,fd}; the first line is a header when its first field is not a number. */
    public static ItemTable readCsv(InputStream in, String source) throws IOException {
        Rows rows = new Rows(source);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int lineNo = 0;
            int dim = -1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (lineNo == 1 && !looksNumeric(f[0].trim())) {
                    continue; // header
                }
                if (f.length < 2) {
                    throw error(source, lineNo, "expected item_id followed by at least one feature, got " + f.length + " field(s)");
                }
                if (dim < 0) {
                    dim = f.length - 1;
                } else if (f.length - 1 != dim) {
                    throw error(source, lineNo, "ragged row: " + (f.length - 1) + " features, earlier rows have " + dim);
                }
                long id = parseId(f[0], source, lineNo);
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    v[j] = parseFloat(f[j + 1], source, lineNo, "feature " + (j + 1));
                }
                rows.add(id, v, Double.NaN, lineNo);
            }
        }
        return rows.toTable(false);
    }

    /** RL4RS item_info.csv: a header, then {@code item_id item_vec price location special_item}, space-separated. */
    public static ItemTable readRl4rs(InputStream in, String source) throws IOException {
        Rows rows = new Rows(source);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null) {
                throw error(source, 1, "empty file (expected the header 'item_id item_vec price ...')");
            }
            String[] h = header.trim().split("\\s+");
            if (h.length < 3 || !h[0].equals("item_id") || !h[1].equals("item_vec") || !h[2].equals("price")) {
                throw error(source, 1, "header must start with 'item_id item_vec price', was '" + header.trim() + "'");
            }
            String line;
            int lineNo = 1;
            int dim = -1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                if (f.length < 3) {
                    throw error(source, lineNo, "expected at least 3 space-separated columns (item_id item_vec price), got " + f.length);
                }
                long id = parseId(f[0], source, lineNo);
                String[] vs = f[1].split(",", -1);
                if (dim < 0) {
                    dim = vs.length;
                } else if (vs.length != dim) {
                    throw error(source, lineNo, "ragged item_vec: " + vs.length + " values, earlier rows have " + dim);
                }
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    v[j] = parseFloat(vs[j], source, lineNo, "item_vec[" + j + "]");
                }
                double price = parseFloat(f[2], source, lineNo, "price");
                rows.add(id, v, price, lineNo);
            }
        }
        return rows.toTable(true);
    }

    /** NumPy .npy: little-endian float32, C order, 2-D (n × d); row r is item r+1. */
    public static ItemTable readNpy(InputStream in, String source) throws IOException {
        NpyArray npy = NpyArray.parse(in.readAllBytes(), source);
        if (!npy.float32()) {
            throw new IOException(source + ": .npy dtype must be little-endian float32 ('<f4'), was '" + npy.descr() + "'");
        }
        if (npy.shape().length != 2) {
            throw new IOException(source + ": .npy must be 2-D (items × features), shape was " + npy.shapeText());
        }
        int n = Math.toIntExact(npy.shape()[0]);
        int d = Math.toIntExact(npy.shape()[1]);
        float[] v = npy.floats();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IOException(source + ": row " + (i / d) + " feature " + (i % d) + " is " + v[i]);
            }
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i + 1L;
        }
        return new ItemTable(ids, v, d, null, source);
    }

    /** Writes a float32 C-order .npy (used by the generator and tests). */
    public static byte[] toNpy(float[] values, int rows, int cols) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        b.asFloatBuffer().put(values);
        return b.array();
    }

    private static boolean looksNumeric(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static long parseId(String s, String source, int line) throws IOException {
        try {
            long id = Long.parseLong(s.trim());
            if (id < 0) {
                throw error(source, line, "item_id must be non-negative, was " + id);
            }
            return id;
        } catch (NumberFormatException e) {
            throw error(source, line, "item_id is not an integer: '" + s.trim() + "'");
        }
    }

    private static float parseFloat(String s, String source, int line, String field) throws IOException {
        float v;
        try {
            v = Float.parseFloat(s.trim());
        } catch (NumberFormatException e) {
            throw error(source, line, field + " is not a number: '" + s.trim() + "'");
        }
        if (!Float.isFinite(v)) {
            throw error(source, line, field + " is " + s.trim() + " (NaN and infinities are not allowed)");
        }
        return v;
    }

    static IOException error(String source, int line, String message) {
        return new IOException(source + ":" + line + ": " + message);
    }

    /** Accumulates rows, rejecting duplicate ids with both line numbers. */
    private static final class Rows {
        private final String source;
        private long[] ids = new long[1024];
        private float[] values = new float[0];
        private double[] prices = new double[1024];
        private int n;
        private int dim = -1;
        private final java.util.Map<Long, Integer> lineOf = new java.util.HashMap<>();

        Rows(String source) {
            this.source = source;
        }

        void add(long id, float[] v, double price, int line) throws IOException {
            Integer first = lineOf.putIfAbsent(id, line);
            if (first != null) {
                throw error(source, line, "duplicate item_id " + id + " (first on line " + first + ")");
            }
            if (dim < 0) {
                dim = v.length;
                values = new float[1024 * dim];
            }
            if (n == ids.length) {
                ids = Arrays.copyOf(ids, n * 2);
                prices = Arrays.copyOf(prices, n * 2);
            }
            if ((n + 1) * dim > values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            ids[n] = id;
            prices[n] = price;
            System.arraycopy(v, 0, values, n * dim, dim);
            n++;
        }

        ItemTable toTable(boolean withPrices) throws IOException {
            if (n == 0) {
                throw new IOException(source + ": no items");
            }
            return new ItemTable(Arrays.copyOf(ids, n), Arrays.copyOf(values, n * dim), dim,
                    withPrices ? Arrays.copyOf(prices, n) : null, source);
        }
    }
}
