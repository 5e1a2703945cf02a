package io.hsrl.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import io.hsrl.core.nn.ParameterSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * torch.optim.Adam exactly (hsrl-reference.md §7.4, §11): coupled L2 ({@code g ← g + wd·θ}), β = (0.9, 0.999),
 * bias correction, eps outside the square root: {@code θ ← θ − (lr/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + eps)}. DJL's own
 * Adam follows MXNet's conventions, hence this class. Each instance keeps its own moments and step count, so two
 * optimisers over the same parameters (the ML1M behaviour loss) do not share state. The moments are flat vectors
 * over the parameter set's flat layout, so a step is a handful of tensor ops whatever the number of tensors.
 */
public final class TorchAdam implements AutoCloseable {
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final ParameterSet params;
    private final double lr;
    private final double weightDecay;
    private final NDManager manager;
    private final NDArray firstMoment;
    private final NDArray secondMoment;
    private final List<String> names = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private long steps;

    public TorchAdam(ParameterSet params, double lr, double weightDecay) {
        if (lr < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("learning rate and weight decay must be ≥ 0, were " + lr + ", " + weightDecay);
        }
        this.params = params;
        this.lr = lr;
        this.weightDecay = weightDecay;
        this.manager = params.manager().getParentManager().newSubManager();
        long total = 0;
        for (Map.Entry<String, NDArray> e : params.arrays().entrySet()) {
            names.add(e.getKey());
            sizes.add((int) e.getValue().getShape().size());
            total += e.getValue().getShape().size();
        }
        this.firstMoment = manager.zeros(new Shape(total));
        this.secondMoment = manager.zeros(new Shape(total));
        NDScope.unregister(firstMoment, secondMoment);
    }

    /** One update from the gradients now held by the parameters; does not zero them. */
    public void step() {
        steps++;
        double bc1 = 1 - Math.pow(BETA1, steps);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(BETA2, steps));
        float stepSize = (float) (lr / bc1);
        try (NDScope ignored = new NDScope()) {
            NDArray p = params.values();
            NDArray g = params.gradients();
            if (weightDecay != 0) {
                g = g.add(p.mul((float) weightDecay));
            }
            firstMoment.muli((float) BETA1).addi(g.mul((float) (1 - BETA1)));
            secondMoment.muli((float) BETA2).addi(g.square().muli((float) (1 - BETA2)));
            NDArray denom = secondMoment.sqrt().divi((float) bc2Sqrt).addi((float) EPS);
            p.subi(firstMoment.div(denom).muli(stepSize));
            params.commitValues(p);
        }
    }

    public long steps() {
        return steps;
    }

    /** Step count, then per tensor (by name, in the parameter set's order) its first and second moments. */
    public byte[] encode() {
        float[] m = firstMoment.toFloatArray();
        float[] v = secondMoment.toFloatArray();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(steps);
            out.writeInt(names.size());
            int offset = 0;
            for (int i = 0; i < names.size(); i++) {
                out.writeUTF(names.get(i));
                write(out, m, offset, sizes.get(i));
                write(out, v, offset, sizes.get(i));
                offset += sizes.get(i);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public void decode(byte[] data, String source) {
        float[] m = new float[(int) firstMoment.size()];
        float[] v = new float[m.length];
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            long s = in.readLong();
            int n = in.readInt();
            if (n != names.size()) {
                throw new IllegalArgumentException(source + ": optimiser state for " + n + " tensors, expected " + names.size());
            }
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int at = names.indexOf(name);
                if (at < 0) {
                    throw new IllegalArgumentException(source + ": unexpected tensor " + name);
                }
                int offset = 0;
                for (int j = 0; j < at; j++) {
                    offset += sizes.get(j);
                }
                read(in, m, offset, sizes.get(at), source + ": " + name);
                read(in, v, offset, sizes.get(at), source + ": " + name);
            }
            firstMoment.set(m);
            secondMoment.set(v);
            steps = s;
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": truncated optimiser state", e);
        }
    }

    private static void write(DataOutputStream out, float[] values, int offset, int n) throws IOException {
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            out.writeFloat(values[offset + i]);
        }
    }

    private static void read(DataInputStream in, float[] into, int offset, int expected, String what) throws IOException {
        int n = in.readInt();
        if (n != expected) {
            throw new IllegalArgumentException(what + ": tensor of " + n + " values, expected " + expected);
        }
        for (int i = 0; i < n; i++) {
            into[offset + i] = in.readFloat();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
