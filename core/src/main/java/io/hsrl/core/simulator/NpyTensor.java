package io.hsrl.core.simulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A NumPy {@code .npy} tensor (little-endian float32 or float64, C order, any rank), read as float32. */
record NpyTensor(long[] shape, float[] values) {
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    static NpyTensor parse(byte[] all, String source) throws IOException {
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
        if (offset + headerLen > all.length) {
            throw new IOException(source + ": truncated .npy header");
        }
        String header = new String(all, offset, headerLen, StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, source, "descr");
        int width;
        if (descr.equals("<f4") || descr.equals("=f4")) {
            width = 4;
        } else if (descr.equals("<f8") || descr.equals("=f8")) {
            width = 8;
        } else {
            throw new IOException(source + ": .npy dtype must be little-endian float32 or float64, was '" + descr + "'");
        }
        if (group(ORDER, header, source, "fortran_order").equals("True")) {
            throw new IOException(source + ": .npy must be in C order (fortran_order False)");
        }
        long[] shape = Arrays.stream(group(SHAPE, header, source, "shape").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        int data = offset + headerLen;
        if (all.length - data != count * width) {
            throw new IOException(source + ": truncated or oversized .npy data: expected " + count * width
                    + " bytes for shape " + Arrays.toString(shape) + ", found " + (all.length - data));
        }
        float[] v = new float[(int) count];
        b.position(data);
        for (int i = 0; i < v.length; i++) {
            v[i] = width == 4 ? b.getFloat() : (float) b.getDouble();
            if (!Float.isFinite(v[i])) {
                throw new IOException(source + ": value " + i + " is " + v[i]);
            }
        }
        return new NpyTensor(shape, v);
    }

    private static String group(Pattern p, String header, String source, String what) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(source + ": .npy header has no '" + what + "'");
        }
        return m.group(1);
    }
}
