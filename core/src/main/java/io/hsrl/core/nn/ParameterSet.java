package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trainable tensors of a network, by PyTorch state-dict name (hsrl-reference.md §5, §6), owned by one manager.
 * Targets are deep copies without gradients, updated in place (§11); parameters serialise to a small, bit-exact
 * binary form (name, shape, float32 values).
 */
public final class ParameterSet implements AutoCloseable {
    private static final int MAGIC = 0x48535250; // "HSRP"
    private final NDManager manager;
    private final boolean trainable;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    public ParameterSet(NDManager parent, boolean trainable) {
        this.manager = parent.newSubManager();
        this.trainable = trainable;
    }

    public NDArray add(String name, float[] values, Shape shape) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter " + name);
        }
        if (shape.size() != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + shape);
        }
        NDArray a = manager.create(values, shape);
        a.setName(name);
        NDScope.unregister(a);
        if (trainable) {
            a.setRequiresGradient(true);
        }
        arrays.put(name, a);
        return a;
    }

    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    public Map<String, NDArray> arrays() {
        return Collections.unmodifiableMap(arrays);
    }

    public NDManager manager() {
        return manager;
    }

    /** Number of scalar parameters. */
    public long count() {
        return arrays.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /** A deep copy without gradients (a target network's parameters). */
    public ParameterSet copy(NDManager parent) {
        ParameterSet out = new ParameterSet(parent, false);
        arrays.forEach((name, a) -> out.add(name, a.toFloatArray(), a.getShape()));
        return out;
    }

    /** θ′ ← τ·θ + (1 − τ)·θ′, in place (Polyak, §7.4 step 6). */
    public void polyakFrom(ParameterSet source, float tau) {
        try (NDScope ignored = new NDScope()) {
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                NDArray src = source.get(e.getKey());
                e.getValue().muli(1 - tau).addi(src.mul(tau));
            }
        }
    }

    /** Overwrites every value with the same-named one of {@code source} (shapes must match). */
    public void assign(ParameterSet source) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray src = source.get(e.getKey());
            if (!src.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException(e.getKey() + ": shape " + src.getShape() + " vs " + e.getValue().getShape());
            }
            e.getValue().set(src.toFloatArray());
        }
    }

    public void zeroGradients() {
        if (!trainable) {
            return;
        }
        try (NDScope ignored = new NDScope()) {
            for (NDArray a : arrays.values()) {
                NDArray g = a.getGradient();
                g.muli(0);
            }
        }
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(arrays.size());
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                long[] dims = e.getValue().getShape().getShape();
                out.writeInt(dims.length);
                for (long d : dims) {
                    out.writeLong(d);
                }
                for (float f : e.getValue().toFloatArray()) {
                    out.writeFloat(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Loads values written by {@link #encode()}; names and shapes must match this set exactly. */
    public void decode(byte[] data, String source) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException(source + ": not a parameter file");
            }
            int n = in.readInt();
            if (n != arrays.size()) {
                throw new IllegalArgumentException(source + ": " + n + " parameters, expected " + arrays.size());
            }
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                NDArray a = arrays.get(name);
                if (a == null) {
                    throw new IllegalArgumentException(source + ": unexpected parameter " + name);
                }
                long[] dims = new long[in.readInt()];
                for (int k = 0; k < dims.length; k++) {
                    dims[k] = in.readLong();
                }
                if (!new Shape(dims).equals(a.getShape())) {
                    throw new IllegalArgumentException(source + ": " + name + " has shape " + new Shape(dims)
                            + ", expected " + a.getShape());
                }
                float[] v = new float[(int) a.getShape().size()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = in.readFloat();
                }
                a.set(v);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": truncated parameter file", e);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
