package io.hsrl.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    private Packing packing;

    public ParameterSet(NDManager parent, boolean trainable) {
        this.manager = parent.newSubManager();
        this.trainable = trainable;
    }

    public NDArray add(String name, float[] values, Shape shape) {
        if (packing != null) {
            throw new IllegalStateException("parameter " + name + " added after the set was laid out flat");
        }
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

    /** θ′ ← τ·θ + (1 − τ)·θ′, in place (Polyak, §7.4 step 6): three ops on the flat values. */
    public void polyakFrom(ParameterSet source, float tau) {
        requireSameLayout(source);
        try (NDScope ignored = new NDScope()) {
            NDArray target = values();
            target.muli(1 - tau).addi(source.values().mul(tau));
            commitValues(target);
        }
    }

    /** Overwrites every value with the same-named one of {@code source} (shapes must match). */
    public void assign(ParameterSet source) {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            NDArray src = source.get(e.getKey());
            if (!src.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException(e.getKey() + ": shape " + src.getShape() + " vs " + e.getValue().getShape());
            }
            write(e.getKey(), src.toFloatArray());
        }
    }

    /**
     * All values as one flat vector in insertion order. On the CPU every parameter's storage is a slice of one buffer,
     * so this is a live view and in-place ops on it update the parameters (one op instead of one per tensor); elsewhere
     * it is a copy that {@link #commitValues} writes back.
     */
    public NDArray values() {
        Packing p = packing();
        return p.live ? p.values : concat(false);
    }

    /** Whether {@link #values()} and {@link #gradients()} are live views of the tensors' memory (CPU) or copies. */
    public boolean flatViewsAreLive() {
        return packing().live;
    }

    /** Writes a flat vector obtained from {@link #values()} back to the parameters (nothing to do when live). */
    public void commitValues(NDArray flat) {
        Packing p = packing();
        if (p.live && flat == p.values) {
            return;
        }
        scatter(flat, false);
    }

    /**
     * All gradients as one flat vector (zeros for tensors the last backward pass did not reach). Live on the CPU once
     * bound: autograd accumulates into the existing gradient tensors in place, and those share one buffer.
     */
    public NDArray gradients() {
        requireTrainable();
        Packing p = packing();
        if (!p.live) {
            return concat(true);
        }
        bindGradients(p);
        return p.gradients;
    }

    /** Writes a flat vector obtained from {@link #gradients()} back (nothing to do when live). */
    public void commitGradients(NDArray flat) {
        Packing p = packing();
        if (p.live && flat == p.gradients) {
            return;
        }
        scatter(flat, true);
    }

    public void zeroGradients() {
        if (!trainable) {
            return;
        }
        Packing p = packing();
        if (p.live) {
            bindGradients(p);
            p.gradients.muli(0);
            return;
        }
        try (NDScope ignored = new NDScope()) {
            for (NDArray a : arrays.values()) {
                a.getGradient().muli(0);
            }
        }
    }

    /** The first tensor (by name) holding a NaN or an infinity, in the values or the gradients; empty when all are finite. */
    public java.util.Optional<String> firstNonFinite(boolean gradients) {
        try (NDScope ignored = new NDScope()) {
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                NDArray a = gradients ? e.getValue().getGradient() : e.getValue();
                float[] v = a.toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    if (!Float.isFinite(v[i])) {
                        return java.util.Optional.of(e.getKey() + "[" + i + "] = " + v[i]);
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The global L2 norm of the gradients (torch's {@code clip_grad_norm_}), scaled down to {@code maxNorm} when it is
     * larger and {@code maxNorm > 0}. Returns the norm before clipping: NaN or infinite when a gradient is.
     */
    public double clipGradientNorm(double maxNorm) {
        try (NDScope ignored = new NDScope()) {
            NDArray g = gradients();
            double norm = Math.sqrt(g.square().sum().getFloat());
            if (maxNorm > 0 && Double.isFinite(norm) && norm > maxNorm) {
                g.muli((float) (maxNorm / (norm + 1e-6)));
                commitGradients(g);
            }
            return norm;
        }
    }

    /** Whether every value is finite (one reduction). */
    public boolean valuesFinite() {
        try (NDScope ignored = new NDScope()) {
            return Float.isFinite(values().sum().getFloat());
        }
    }

    private void requireSameLayout(ParameterSet other) {
        if (!other.arrays.keySet().equals(arrays.keySet())) {
            throw new IllegalArgumentException("parameter sets differ: " + arrays.keySet() + " vs " + other.arrays.keySet());
        }
    }

    private void requireTrainable() {
        if (!trainable) {
            throw new IllegalStateException("a target network's parameters have no gradients");
        }
    }

    private void write(String name, float[] v) {
        NDArray a = arrays.get(name);
        Packing p = packing;
        if (p != null && p.live) {
            long[] at = p.layout.get(name);
            p.valueBuffer.slice((int) at[0] * Float.BYTES, (int) at[1] * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer().put(v);
        } else {
            a.set(v);
        }
    }

    private NDArray concat(boolean gradients) {
        NDList parts = new NDList();
        for (NDArray a : arrays.values()) {
            parts.add((gradients ? a.getGradient() : a).reshape(-1));
        }
        return NDArrays.concat(parts);
    }

    private void scatter(NDArray flat, boolean gradients) {
        float[] all = flat.toFloatArray();
        int offset = 0;
        for (NDArray a : arrays.values()) {
            int n = (int) a.getShape().size();
            float[] part = java.util.Arrays.copyOfRange(all, offset, offset + n);
            if (gradients) {
                // in place on the gradient's own storage: set() on this temporary handle would point the gradient at
                // a Java buffer that dies with the handle (a use-after-free under libtorch)
                NDArray g = a.getGradient();
                g.muli(0f).addi(g.getManager().create(part, a.getShape()));
            } else {
                a.set(part);
            }
            offset += n;
        }
    }

    /**
     * Lays every parameter out in one direct buffer and points each tensor's storage at its slice (DJL's
     * {@code set(ByteBuffer)} on the CPU shares the buffer with libtorch); the flat tensor shares the same memory.
     * Checked by writing through the flat view; when the engine copies instead (GPU), values and gradients go through
     * copies.
     */
    private Packing packing() {
        if (packing != null) {
            return packing;
        }
        Map<String, long[]> layout = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            long n = e.getValue().getShape().size();
            layout.put(e.getKey(), new long[] {total, n});
            total += n;
        }
        if (manager.getDevice().isGpu() || total == 0) {
            packing = new Packing(false, layout, null, null, null, null);
            return packing;
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) total * Float.BYTES).order(ByteOrder.nativeOrder());
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            long[] at = layout.get(e.getKey());
            ByteBuffer slice = buffer.slice((int) at[0] * Float.BYTES, (int) at[1] * Float.BYTES).order(ByteOrder.nativeOrder());
            slice.asFloatBuffer().put(e.getValue().toFloatArray());
            e.getValue().set(slice);
        }
        NDArray flat = manager.create(buffer, new Shape(total), ai.djl.ndarray.types.DataType.FLOAT32);
        NDScope.unregister(flat);
        float[] saved = new float[(int) total];
        buffer.asFloatBuffer().get(saved);
        boolean live = aliases(flat, buffer);
        buffer.asFloatBuffer().put(saved);
        ByteBuffer gradientBuffer = null;
        NDArray gradients = null;
        if (live && trainable) {
            gradientBuffer = ByteBuffer.allocateDirect((int) total * Float.BYTES).order(ByteOrder.nativeOrder());
            gradients = manager.create(gradientBuffer, new Shape(total), ai.djl.ndarray.types.DataType.FLOAT32);
            NDScope.unregister(gradients);
            live = aliases(gradients, gradientBuffer);
            gradientBuffer.asFloatBuffer().put(new float[(int) total]);
        }
        if (!live) {
            // the engine copies: give every tensor its own storage again and work through copies
            for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
                long[] at = layout.get(e.getKey());
                e.getValue().set(java.util.Arrays.copyOfRange(saved, (int) at[0], (int) (at[0] + at[1])));
            }
        }
        packing = new Packing(live, layout, buffer, flat, gradientBuffer, gradients);
        return packing;
    }

    /**
     * Whether an in-place op on {@code flat} shows in {@code buffer}, i.e. the tensor uses the buffer's memory. The
     * caller restores the contents from the host side, bit for bit.
     */
    private static boolean aliases(NDArray flat, ByteBuffer buffer) {
        try (NDScope ignored = new NDScope()) {
            flat.muli(0f).addi(1f); // NaN-free probe: every element becomes 1
        }
        boolean shared = buffer.getFloat(0) == 1f && buffer.getFloat(buffer.capacity() - Float.BYTES) == 1f;
        return shared;
    }

    /**
     * Points each parameter's gradient tensor at its slice of the gradient buffer, once it exists (autograd creates a
     * gradient at the first backward pass that reaches the parameter; until then the slice holds zeros).
     */
    private void bindGradients(Packing p) {
        if (p.unbound.isEmpty()) {
            return;
        }
        for (java.util.Iterator<String> it = p.unbound.iterator(); it.hasNext(); ) {
            String name = it.next();
            NDArray a = arrays.get(name);
            PtNDArray g = JniUtils.getGradient((PtNDArray) a);
            if (g == null) {
                continue;
            }
            long[] at = p.layout.get(name);
            ByteBuffer slice = p.gradientBuffer.slice((int) at[0] * Float.BYTES, (int) at[1] * Float.BYTES)
                    .order(ByteOrder.nativeOrder());
            slice.asFloatBuffer().put(g.toFloatArray());
            g.set(slice);
            g.close();
            it.remove();
        }
    }

    private final class Packing {
        final boolean live;
        final Map<String, long[]> layout;
        final ByteBuffer valueBuffer;
        final NDArray values;
        final ByteBuffer gradientBuffer;
        final NDArray gradients;
        final java.util.Set<String> unbound = new java.util.LinkedHashSet<>();

        Packing(boolean live, Map<String, long[]> layout, ByteBuffer valueBuffer, NDArray values, ByteBuffer gradientBuffer,
                NDArray gradients) {
            this.live = live;
            this.layout = layout;
            this.valueBuffer = valueBuffer;
            this.values = values;
            this.gradientBuffer = gradientBuffer;
            this.gradients = gradients;
            if (live && trainable) {
                unbound.addAll(layout.keySet());
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
                write(name, v);
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
