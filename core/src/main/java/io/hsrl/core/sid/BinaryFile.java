package io.hsrl.core.sid;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The envelope of the index's binary files: an 8-byte magic, a format version, a little-endian body and a CRC32 of
 * everything before it as the last 4 bytes. Reading checks magic, version and checksum first, then the body's shapes
 * against its length, and every error names the file.
 */
final class BinaryFile {
    static final int HEADER = 12;
    static final int TRAILER = 4;

    private BinaryFile() {
    }

    /** A buffer for {@code bodyBytes} bytes of body with the header written. */
    static ByteBuffer create(String magic, int version, long bodyBytes) {
        long total = HEADER + bodyBytes + TRAILER;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("file would be " + total + " bytes, over the 2 GiB limit");
        }
        ByteBuffer b = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magicBytes(magic)).putInt(version);
        return b;
    }

    /** Appends the checksum; the buffer must be full but for it. */
    static byte[] finish(ByteBuffer b) {
        if (b.remaining() != TRAILER) {
            throw new IllegalStateException("body size mismatch: " + (b.remaining() - TRAILER) + " bytes left");
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /**
     * Checks the envelope and returns the body positioned after the header, limited before the checksum.
     *
     * @param name the file or URI, for messages
     */
    static ByteBuffer open(byte[] data, String name, String magic, int version, String what) throws IOException {
        if (data.length < HEADER + TRAILER) {
            throw new IOException(name + ": not a " + what + " file: truncated (" + data.length + " bytes)");
        }
        byte[] m = magicBytes(magic);
        for (int i = 0; i < m.length; i++) {
            if (data[i] != m[i]) {
                throw new IOException(name + ": not a " + what + " file (bad magic)");
            }
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int v = b.getInt(8);
        if (v != version) {
            throw new IOException(name + ": unsupported " + what + " format version " + v + " (this build reads " + version + ")");
        }
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - TRAILER);
        int stored = b.getInt(data.length - TRAILER);
        if (stored != (int) crc.getValue()) {
            throw new IOException(name + ": " + what + " checksum mismatch: the file is corrupt or truncated");
        }
        b.position(HEADER).limit(data.length - TRAILER);
        return b;
    }

    /** Fails unless exactly {@code expected} body bytes remain. */
    static void expectRemaining(ByteBuffer b, long expected, String name, String what) throws IOException {
        if (b.remaining() != expected) {
            throw new IOException(name + ": " + what + " body is " + b.remaining() + " bytes, its shapes need " + expected);
        }
    }

    static int positive(ByteBuffer b, String field, int max, String name) throws IOException {
        int v;
        try {
            v = b.getInt();
        } catch (BufferUnderflowException e) {
            throw new IOException(name + ": truncated before " + field);
        }
        if (v <= 0 || v > max) {
            throw new IOException(name + ": " + field + " is " + v + ", outside 1.." + max);
        }
        return v;
    }

    private static byte[] magicBytes(String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        if (m.length != 8) {
            throw new IllegalArgumentException("magic must be 8 ASCII bytes: " + magic);
        }
        return m;
    }
}
