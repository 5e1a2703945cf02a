package io.hsrl.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.hsrl.core.nn.ParameterSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * torch.optim.Adam exactly (hsrl-reference.md §7.4, §11): coupled L2 ({@code g ← g + wd·θ}), β = (0.9, 0.999),
 * bias correction, eps outside the square root: {@code θ ← θ − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + eps)}. DJL's own
 * Adam follows MXNet's conventions, hence this class. Each instance keeps its own moments and step count, so two
 * optimisers over the same parameters (the ML1M behaviour loss) do not share state.
 */
public final class TorchAdam implements AutoCloseable {
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final ParameterSet params;
    private final double lr;
    private final double weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray> firstMoment = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoment = new LinkedHashMap<>();
    private long steps;

    public TorchAdam(ParameterSet params, double lr, double weightDecay) {
        if (lr < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("learning rate and weight decay must be ≥ 0, were " + lr + ", " + weightDecay);
        }
        this.params = params;
        this.lr = lr;
        this.weightDecay = weightDecay;
        this.manager = params.manager().getParentManager().newSubManager();
        for (Map.Entry<String, NDArray> e : params.arrays().entrySet()) {
            NDArray m = manager.zeros(e.getValue().getShape());
            NDArray v = manager.zeros(e.getValue().getShape());
            NDScope.unregister(m, v);
            firstMoment.put(e.getKey(), m);
            secondMoment.put(e.getKey(), v);
        }
    }

    /** One update from the gradients now held by the parameters; does not zero them. */
    public void step() {
        steps++;
        double bc1 = 1 - Math.pow(BETA1, steps);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(BETA2, steps));
        float stepSize = (float) (lr / bc1);
        try (NDScope ignored = new NDScope()) {
            for (Map.Entry<String, NDArray> e : params.arrays().entrySet()) {
                NDArray p = e.getValue();
                NDArray g = p.getGradient();
                if (weightDecay != 0) {
                    g = g.add(p.mul((float) weightDecay));
                }
                NDArray m = firstMoment.get(e.getKey());
                NDArray v = secondMoment.get(e.getKey());
                m.muli((float) BETA1).addi(g.mul((float) (1 - BETA1)));
                v.muli((float) BETA2).addi(g.square().muli((float) (1 - BETA2)));
                NDArray denom = v.sqrt().divi((float) bc2Sqrt).addi((float) EPS);
                p.subi(m.div(denom).muli(stepSize));
            }
        }
    }

    public long steps() {
        return steps;
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(steps);
            out.writeInt(firstMoment.size());
            for (String name : firstMoment.keySet()) {
                out.writeUTF(name);
                write(out, firstMoment.get(name).toFloatArray());
                write(out, secondMoment.get(name).toFloatArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public void decode(byte[] data, String source) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            long s = in.readLong();
            int n = in.readInt();
            if (n != firstMoment.size()) {
                throw new IllegalArgumentException(source + ": optimiser state for " + n + " tensors, expected " + firstMoment.size());
            }
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                NDArray m = firstMoment.get(name);
                if (m == null) {
                    throw new IllegalArgumentException(source + ": unexpected tensor " + name);
                }
                m.set(read(in, m.getShape().size()));
                secondMoment.get(name).set(read(in, m.getShape().size()));
            }
            steps = s;
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": truncated optimiser state", e);
        }
    }

    private static void write(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float f : values) {
            out.writeFloat(f);
        }
    }

    private static float[] read(DataInputStream in, long expected) throws IOException {
        int n = in.readInt();
        if (n != expected) {
            throw new IOException("tensor of " + n + " values, expected " + expected);
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    @Override
    public void close() {
        manager.close();
    }
}
