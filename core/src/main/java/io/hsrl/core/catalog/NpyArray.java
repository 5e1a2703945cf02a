package io.hsrl.core.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A NumPy {@code .npy} file, read once for every caller: magic, version, header dictionary, C order and a data section
 * of exactly the size the shape and dtype ask for. Which dtypes and ranks are acceptable is the caller's rule (an item
 * table and a state-dict tensor differ); every error names the file.
 *
 * @param descr the dtype as the header spells it, e.g. {@code <f4}
 */
public record NpyArray(String source, String descr, long[] shape, ByteBuffer data) {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** Reads the header of {@code all}; the data section is checked when it is read ({@link #floats}). */
    public static NpyArray parse(byte[] all, String source) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 10 || (all[0] & 0xff) != 0x93 || !new String(all, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException(source + ": not a .npy file (bad magic)");
        }
        int major = all[6];
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            offset = 10;
        } else if (major == 2 || major == 3) {
            headerLen = b.getInt(8);
            offset = 12;
        } else {
            throw new IOException(source + ": unsupported .npy version " + major);
        }
        if (headerLen < 0 || offset + headerLen > all.length) {
            throw new IOException(source + ": truncated .npy header");
        }
        String header = new String(all, offset, headerLen, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, source, "descr");
        if (group(ORDER, header, source, "fortran_order").equals("True")) {
            throw new IOException(source + ": .npy must be in C order (fortran_order False)");
        }
        long[] shape;
        try {
            shape = Arrays.stream(group(SHAPE, header, source, "shape").split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new IOException(source + ": .npy shape is not a tuple of integers: " + e.getMessage());
        }
        ByteBuffer data = ByteBuffer.wrap(all, offset + headerLen, all.length - offset - headerLen).slice()
                .order(ByteOrder.LITTLE_ENDIAN);
        return new NpyArray(source, descr, shape, data);
    }

    /** Whether the dtype is little-endian float32. */
    public boolean float32() {
        return descr.equals("<f4") || descr.equals("=f4");
    }

    /** Whether the dtype is little-endian float64. */
    public boolean float64() {
        return descr.equals("<f8") || descr.equals("=f8");
    }

    /** The number of values the shape holds. */
    public long count() {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        return count;
    }

    /** The shape as NumPy prints it: {@code (3, 2)}. */
    public String shapeText() {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * The values as float32 (float64 narrowed), in C order; the data section must hold exactly the shape's values.
     * Finiteness is the caller's check, so that its message can say which row or tensor entry is wrong.
     */
    public float[] floats() throws IOException {
        int width = float32() ? 4 : float64() ? 8 : 0;
        if (width == 0) {
            throw new IOException(source + ": .npy dtype must be little-endian float32 or float64, was '" + descr + "'");
        }
        long expected = count() * width;
        if (data.remaining() != expected) {
            throw new IOException(source + ": truncated or oversized .npy data: expected " + expected
                    + " bytes for shape " + shapeText() + ", found " + data.remaining());
        }
        float[] v = new float[(int) count()];
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (width == 4) {
            b.asFloatBuffer().get(v);
        } else {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) b.getDouble();
            }
        }
        return v;
    }

    private static String group(Pattern p, String header, String source, String what) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(source + ": .npy header has no '" + what + "'");
        }
        return m.group(1);
    }
}
