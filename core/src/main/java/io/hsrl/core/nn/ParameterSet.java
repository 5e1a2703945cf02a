package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trainable tensors of a network, by PyTorch state-dict name (hsrl-reference.md §5, §6), owned by one manager.
 * Targets are deep copies without gradients, updated in place (§11); parameters serialise to a small, bit-exact
 * binary form (name, shape, float32 values).
 * <p>
 * On the CPU the set is <em>packed</em> before its first optimiser step, Polyak update or gradient reset: all values
 * then live in one contiguous float32 buffer, in the order the parameters were added, and every parameter tensor is
 * a window on it (its storage is the buffer's slice); the gradients likewise share one buffer, into which autograd
 * accumulates in place. {@link #flat()} and {@link #flatGradient()} are these buffers as single tensors, so an
 * optimiser step, a Polyak update or a gradient reset is a handful of tensor operations instead of a few per
 * parameter. Element by element the arithmetic is unchanged, so results are bit-identical to per-tensor updates. The
 * buffers are direct byte buffers held by this set until {@link #close()}, so nothing the garbage collector frees is
 * read by libtorch. On a GPU the parameters stay separate tensors and the same updates run per tensor.
 */
public final class ParameterSet implements AutoCloseable {
    private static final int MAGIC = 0x48535250; // "HSRP"
    private final NDManager manager;
    private final boolean trainable;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final Map<String, Integer> offsets = new HashMap<>();
    private int size;
    /** Packed storage (CPU): all values and all gradients, each one contiguous buffer; null until packed. */
    private ByteBuffer valueBuffer;
    private ByteBuffer gradientBuffer;
    private NDArray flat;
    private NDArray flatGradient;

    public ParameterSet(NDManager parent, boolean trainable) {
        this.manager = parent.newSubManager();
        this.trainable = trainable;
    }

    public NDArray add(String name, float[] values, Shape shape) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter " + name);
        }
        if (flat != null) {
            throw new IllegalStateException("parameter " + name + " added after the set was packed for training");
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
        offsets.put(name, size);
        size += values.length;
        return a;
    }

    /** Where {@code name}'s values start in {@link #flat()} (parameters lie in the order they were added). */
    public int offset(String name) {
        Integer o = offsets.get(name);
        if (o == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return o;
    }

    /**
     * All values as one 1-D tensor that every parameter is a window on (writes to it change the parameters), packing
     * the set first; null on a GPU, where parameters stay separate tensors.
     */
    public NDArray flat() {
        pack();
        return flat;
    }

    /** All gradients as one 1-D tensor, laid out like {@link #flat()}; null on a GPU or for a set without gradients. */
    public NDArray flatGradient() {
        pack();
        return flatGradient;
    }

    /**
     * Moves the values (and, for a trainable set, the gradients) into one contiguous buffer each; idempotent. Call it
     * outside a gradient collector: a trainable set runs one backward pass of a zero loss to give every parameter its
     * gradient tensor, which is then pointed at its slice of the gradient buffer.
     */
    public void pack() {
        if (flat != null || manager.getDevice().isGpu() || arrays.isEmpty()) {
            return;
        }
        valueBuffer = ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder());
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray a = e.getValue();
            float[] v = a.toFloatArray();
            valueBuffer.asFloatBuffer().put(offsets.get(e.getKey()), v);
            a.set(slice(valueBuffer, e.getKey(), v.length));
        }
        flat = manager.create(valueBuffer, new Shape(size), DataType.FLOAT32);
        NDScope.unregister(flat);
        if (!trainable) {
            return;
        }
        try (NDScope ignored = new NDScope()) {
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray sum = null;
                for (NDArray a : arrays.values()) {
                    sum = sum == null ? a.sum() : sum.add(a.sum());
                }
                gc.backward(Scalars.mul(sum, 0));
            }
        }
        gradientBuffer = ByteBuffer.allocateDirect(size * Float.BYTES).order(ByteOrder.nativeOrder());
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            try (NDArray g = e.getValue().getGradient()) {
                float[] v = g.toFloatArray();
                gradientBuffer.asFloatBuffer().put(offsets.get(e.getKey()), v);
                g.set(slice(gradientBuffer, e.getKey(), v.length)); // the parameter's own gradient tensor: accumulated in place
            }
        }
        flatGradient = manager.create(gradientBuffer, new Shape(size), DataType.FLOAT32);
        NDScope.unregister(flatGradient);
    }

    private ByteBuffer slice(ByteBuffer buffer, String name, int length) {
        return buffer.slice(offsets.get(name) * Float.BYTES, length * Float.BYTES).order(ByteOrder.nativeOrder());
    }

    /** Overwrites one parameter's values (row-major, its full size). */
    public void set(String name, float[] values) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        if (a.getShape().size() != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + a.getShape());
        }
        write(name, a, values);
    }

    /** One parameter's values (row-major). */
    public float[] values(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return read(name, a);
    }

    /** Overwrites a parameter's values in place (packed: in the shared buffer, which the tensor keeps pointing at). */
    private void write(String name, NDArray a, float[] v) {
        if (valueBuffer != null) {
            valueBuffer.asFloatBuffer().put(offsets.get(name), v);
        } else {
            a.set(v);
        }
    }

    private float[] read(String name, NDArray a) {
        if (valueBuffer == null) {
            return a.toFloatArray();
        }
        float[] v = new float[Math.toIntExact(a.getShape().size())];
        valueBuffer.asFloatBuffer().get(offsets.get(name), v);
        return v;
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
        arrays.forEach((name, a) -> out.add(name, read(name, a), a.getShape()));
        return out;
    }

    /** θ′ ← τ·θ + (1 − τ)·θ′, in place (Polyak, §7.4 step 6). */
    public void polyakFrom(ParameterSet source, float tau) {
        try (NDScope ignored = new NDScope()) {
            if (flat() != null && source.flat() != null && sameLayout(source)) {
                flat.muli(1 - tau).addi(source.flat.mul(tau));
                return;
            }
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
            write(e.getKey(), e.getValue(), source.read(e.getKey(), src));
        }
    }

    private boolean sameLayout(ParameterSet other) {
        return size == other.size && offsets.equals(other.offsets);
    }

    public void zeroGradients() {
        if (!trainable) {
            return;
        }
        try (NDScope ignored = new NDScope()) {
            if (flatGradient() != null) {
                flatGradient.muli(0);
                return;
            }
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
                for (float f : read(e.getKey(), e.getValue())) {
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
                write(name, a, v);
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
