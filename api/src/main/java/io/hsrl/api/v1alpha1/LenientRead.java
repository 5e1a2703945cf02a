package io.hsrl.api.v1alpha1;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

/**
 * Reads a resource's spec or status so that one unreadable resource cannot stop a watch. A watch event or list whose
 * object fails to deserialize makes the Fabric8 informer stop for the whole kind; with this deserializer on
 * {@code setSpec}/{@code setStatus} a value that does not fit its field (an int64 in an int32 field, a string where a
 * number goes) yields an empty spec that carries {@link LenientlyRead#unreadable()} ("spec.hyperParameters.bufferSize:
 * ..."), or an empty status that the controller rewrites.
 */
public final class LenientRead extends StdDeserializer<Object> implements ContextualDeserializer {
    private final JavaType type;
    private final String property;

    public LenientRead() {
        this(null, null);
    }

    private LenientRead(JavaType type, String property) {
        super(Object.class);
        this.type = type;
        this.property = property;
    }

    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
        return new LenientRead(property.getType(), property.getName());
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonNode tree = ctxt.readTree(p);
        try {
            return ctxt.readTreeAsValue(tree, type);
        } catch (JsonProcessingException | RuntimeException e) {
            Object empty = empty();
            if (empty instanceof LenientlyRead lenient) {
                lenient.unreadable(describe(property, e));
            }
            return empty;
        }
    }

    private Object empty() {
        try {
            return type.getRawClass().getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(type.getRawClass() + " needs a public no-argument constructor", e);
        }
    }

    /** "spec.hyperParameters.bufferSize: Numeric value (9223372036854775807) out of range of int ...". */
    static String describe(String root, Exception e) {
        StringBuilder path = new StringBuilder(root);
        String message = e.getMessage();
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    path.append('.').append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            message = m.getOriginalMessage();
        }
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        int nl = message.indexOf('\n');
        String first = (nl < 0 ? message : message.substring(0, nl)).trim();
        return path + ": cannot be read: " + (first.length() > 300 ? first.substring(0, 300) + "..." : first);
    }
}
