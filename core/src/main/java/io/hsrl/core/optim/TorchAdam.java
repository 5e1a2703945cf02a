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
 * optimisers over the same parameters (the ML1M behaviour loss) do not share state. On the CPU the step runs once
 * over the packed parameter, gradient and moment buffers ({@link ParameterSet#flat()}); element by element it is
 * the same arithmetic as per tensor, so the results are bit-identical.
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
    /** The moments of the packed parameters (CPU), laid out like {@link ParameterSet#flat()}; null per tensor. */
    private final NDArray flatFirst;
    private final NDArray flatSecond;
    private long steps;

    public TorchAdam(ParameterSet params, double lr, double weightDecay) {
        if (lr < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("learning rate and weight decay must be ≥ 0, were " + lr + ", " + weightDecay);
        }
        this.params = params;
        this.lr = lr;
        this.weightDecay = weightDecay;
        this.manager = params.manager().getParentManager().newSubManager();
        NDArray flat = params.flat();
        if (flat != null) {
            flatFirst = manager.zeros(flat.getShape());
            flatSecond = manager.zeros(flat.getShape());
            NDScope.unregister(flatFirst, flatSecond);
            return;
        }
        flatFirst = null;
        flatSecond = null;
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
            if (flatFirst != null) {
                update(params.flat(), params.flatGradient(), flatFirst, flatSecond, bc2Sqrt, stepSize);
                return;
            }
            for (Map.Entry<String, NDArray> e : params.arrays().entrySet()) {
                NDArray p = e.getValue();
                update(p, p.getGradient(), firstMoment.get(e.getKey()), secondMoment.get(e.getKey()), bc2Sqrt, stepSize);
            }
        }
    }

    private void update(NDArray p, NDArray g, NDArray m, NDArray v, double bc2Sqrt, float stepSize) {
        if (weightDecay != 0) {
            g = g.add(p.mul((float) weightDecay));
        }
        m.muli((float) BETA1).addi(g.mul((float) (1 - BETA1)));
        v.muli((float) BETA2).addi(g.square().muli((float) (1 - BETA2)));
        NDArray denom = v.sqrt().divi((float) bc2Sqrt).addi((float) EPS);
        p.subi(m.div(denom).muli(stepSize));
    }

    /** One moment of one parameter, by name. */
    private float[] moment(boolean first, String name) {
        if (flatFirst == null) {
            return (first ? firstMoment : secondMoment).get(name).toFloatArray();
        }
        int from = params.offset(name);
        int n = Math.toIntExact(params.get(name).getShape().size());
        try (NDArray slice = (first ? flatFirst : flatSecond).get(from + ":" + (from + n))) {
            return slice.toFloatArray();
        }
    }

    public long steps() {
        return steps;
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(steps);
            out.writeInt(params.arrays().size());
            for (String name : params.arrays().keySet()) {
                out.writeUTF(name);
                write(out, moment(true, name));
                write(out, moment(false, name));
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
            Map<String, NDArray> arrays = params.arrays();
            if (n != arrays.size()) {
                throw new IllegalArgumentException(source + ": optimiser state for " + n + " tensors, expected " + arrays.size());
            }
            float[] first = flatFirst == null ? null : new float[Math.toIntExact(flatFirst.size())];
            float[] second = flatFirst == null ? null : new float[first.length];
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                NDArray p = arrays.get(name);
                if (p == null) {
                    throw new IllegalArgumentException(source + ": unexpected tensor " + name);
                }
                float[] m = read(in, p.getShape().size());
                float[] v = read(in, p.getShape().size());
                if (flatFirst == null) {
                    firstMoment.get(name).set(m);
                    secondMoment.get(name).set(v);
                } else {
                    System.arraycopy(m, 0, first, params.offset(name), m.length);
                    System.arraycopy(v, 0, second, params.offset(name), v.length);
                }
            }
            if (flatFirst != null) {
                flatFirst.set(first);
                flatSecond.set(second);
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
