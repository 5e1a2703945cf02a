package io.hsrl.ab.events;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The append-only log on disk: numbered segment files of frames [length, CRC32C, payload]. Not thread-safe: only
 * the {@link EventStore}'s writer thread touches it. A crash can leave a torn frame at the end of the newest
 * segment (never acknowledged, since acknowledgement follows fsync); recovery cuts it off.
 */
final class EventLog implements AutoCloseable {
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";
    private static final int MAX_FRAME = 1 << 20;

    private final Path dir;
    private FileChannel channel;
    private long segment;
    private long size;

    private EventLog(Path dir) {
        this.dir = dir;
    }

    /**
     * Replays every frame of segments {@code >= fromSegment} into {@code sink}, cuts a torn tail off the newest
     * segment, and opens it for appending.
     */
    static EventLog open(Path dir, long fromSegment, Consumer<LogRecord> sink) throws IOException {
        Files.createDirectories(dir);
        EventLog log = new EventLog(dir);
        List<Long> segments = log.segments();
        long last = fromSegment;
        for (int i = 0; i < segments.size(); i++) {
            long s = segments.get(i);
            if (s < fromSegment) {
                continue;
            }
            boolean newest = i == segments.size() - 1;
            replay(log.file(s), newest, sink);
            last = s;
        }
        log.openSegment(Math.max(last, fromSegment));
        return log;
    }

    private static void replay(Path file, boolean newest, Consumer<LogRecord> sink) throws IOException {
        byte[] data = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(data);
        long valid = 0;
        while (buf.remaining() >= 8) {
            int len = buf.getInt();
            int crc = buf.getInt();
            if (len <= 0 || len > MAX_FRAME || len > buf.remaining()) {
                break;
            }
            byte[] payload = new byte[len];
            buf.get(payload);
            CRC32C c = new CRC32C();
            c.update(payload);
            if ((int) c.getValue() != crc) {
                break;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
                int n = in.readInt();
                for (int k = 0; k < n; k++) {
                    sink.accept(LogRecord.readFrom(in));
                }
            }
            valid = buf.position();
        }
        if (valid < data.length) {
            if (!newest) {
                throw new IOException(file + ": corrupt frame at byte " + valid + " in a sealed segment");
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(valid);
                ch.force(true);
            }
        }
    }

    /** Writes one frame holding {@code records} (not yet durable: call {@link #force()}). */
    void write(List<LogRecord> records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + records.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(records.size());
            for (LogRecord r : records) {
                r.writeTo(out);
            }
        }
        byte[] payload = bytes.toByteArray();
        if (payload.length > MAX_FRAME) {
            int half = records.size() / 2;
            write(records.subList(0, half));
            write(records.subList(half, records.size()));
            return;
        }
        CRC32C c = new CRC32C();
        c.update(payload);
        ByteBuffer frame = ByteBuffer.allocate(8 + payload.length);
        frame.putInt(payload.length).putInt((int) c.getValue()).put(payload).flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
        size += 8 + payload.length;
    }

    /** Makes everything written so far durable. */
    void force() throws IOException {
        channel.force(false);
    }

    long size() {
        return size;
    }

    long segment() {
        return segment;
    }

    /** Seals the current segment and starts the next; returns the new segment's number. */
    long rotate() throws IOException {
        force();
        channel.close();
        openSegment(segment + 1);
        return segment;
    }

    /** Deletes sealed segments older than {@code segmentNumber} (covered by a snapshot). */
    void deleteBefore(long segmentNumber) throws IOException {
        for (long s : segments()) {
            if (s < segmentNumber) {
                Files.deleteIfExists(file(s));
            }
        }
    }

    private void openSegment(long s) throws IOException {
        segment = s;
        Path f = file(s);
        boolean created = !Files.exists(f);
        channel = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        size = channel.size();
        if (created) {
            FileSync.directory(dir);
        }
    }

    private Path file(long s) {
        return dir.resolve(String.format("%s%020d%s", PREFIX, s, SUFFIX));
    }

    private List<Long> segments() throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(PREFIX) && n.endsWith(SUFFIX))
                    .forEach(n -> out.add(Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()))));
        }
        out.sort(null);
        return out;
    }

    @Override
    public void close() throws IOException {
        if (channel != null && channel.isOpen()) {
            channel.force(false);
            channel.close();
        }
    }
}
