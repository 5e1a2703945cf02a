package io.hsrl.core.agent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * FIFO ring buffer of transitions (hsrl-reference.md §7.1), on the host: histories as item indices (features are
 * rebuilt at read time), slate, reward, done, per-item feedback. Sampling is uniform with replacement over what is
 * stored.
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int[][] histories;
    private final int[][] nextHistories;
    private final int[][] actions;
    private final float[] rewards;
    private final boolean[] done;
    private final float[][] feedback;
    private long written;

    public ReplayBuffer(int capacity, int historyLength, int slateSize) {
        this.capacity = capacity;
        this.histories = new int[capacity][historyLength];
        this.nextHistories = new int[capacity][historyLength];
        this.actions = new int[capacity][slateSize];
        this.rewards = new float[capacity];
        this.done = new boolean[capacity];
        this.feedback = new float[capacity][slateSize];
    }

    public void add(int[][] history, int[][] slate, float[] reward, boolean[] isDone, float[][] response, int[][] next) {
        for (int r = 0; r < history.length; r++) {
            int i = (int) (written % capacity);
            System.arraycopy(history[r], 0, histories[i], 0, histories[i].length);
            System.arraycopy(next[r], 0, nextHistories[i], 0, nextHistories[i].length);
            System.arraycopy(slate[r], 0, actions[i], 0, actions[i].length);
            rewards[i] = reward[r];
            done[i] = isDone[r];
            if (response != null) {
                System.arraycopy(response[r], 0, feedback[i], 0, feedback[i].length);
            }
            written++;
        }
    }

    public int size() {
        return (int) Math.min(written, capacity);
    }

    public long written() {
        return written;
    }

    public Sample sample(int m, Random random) {
        int n = size();
        if (n == 0) {
            throw new IllegalStateException("the replay buffer is empty");
        }
        Sample s = new Sample(new int[m][], new int[m][], new int[m][], new float[m], new boolean[m], new float[m][]);
        for (int j = 0; j < m; j++) {
            int i = random.nextInt(n);
            s.histories()[j] = histories[i];
            s.nextHistories()[j] = nextHistories[i];
            s.actions()[j] = actions[i];
            s.rewards()[j] = rewards[i];
            s.done()[j] = done[i];
            s.feedback()[j] = feedback[i];
        }
        return s;
    }

    private static final int MAGIC = 0x48535242; // "HSRB"

    /**
     * The stored transitions and the write position, deflated (checkpoints, issue 5): a resumed run samples from the
     * same buffer as the run that went on, instead of a fresh warm-up of random slates.
     */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeInt(MAGIC);
            out.writeInt(capacity);
            out.writeInt(histories[0].length);
            out.writeInt(actions[0].length);
            out.writeLong(written);
            for (int i = 0; i < size(); i++) {
                writeInts(out, histories[i]);
                writeInts(out, nextHistories[i]);
                writeInts(out, actions[i]);
                out.writeFloat(rewards[i]);
                out.writeBoolean(done[i]);
                for (float f : feedback[i]) {
                    out.writeFloat(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Replaces the contents with what {@link #encode()} wrote; capacity, history length and slate size must match. */
    public void decode(byte[] data, String source) {
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(data)))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException(source + ": not a replay buffer");
            }
            int cap = in.readInt();
            int h = in.readInt();
            int k = in.readInt();
            if (cap != capacity || h != histories[0].length || k != actions[0].length) {
                throw new IllegalArgumentException(source + ": replay buffer of capacity " + cap + ", history " + h
                        + ", slate " + k + "; this run has " + capacity + ", " + histories[0].length + ", " + actions[0].length);
            }
            long w = in.readLong();
            int n = (int) Math.min(w, capacity);
            for (int i = 0; i < n; i++) {
                readInts(in, histories[i]);
                readInts(in, nextHistories[i]);
                readInts(in, actions[i]);
                rewards[i] = in.readFloat();
                done[i] = in.readBoolean();
                for (int j = 0; j < feedback[i].length; j++) {
                    feedback[i][j] = in.readFloat();
                }
            }
            written = w;
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": truncated replay buffer", e);
        }
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static void readInts(DataInputStream in, int[] into) throws IOException {
        for (int i = 0; i < into.length; i++) {
            into[i] = in.readInt();
        }
    }

    /** A minibatch; arrays are shared with the buffer: read only. */
    public record Sample(int[][] histories, int[][] nextHistories, int[][] actions, float[] rewards, boolean[] done,
                         float[][] feedback) {
    }
}
