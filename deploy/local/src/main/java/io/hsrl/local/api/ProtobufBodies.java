package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Request bodies in Kubernetes' protobuf encoding, which kubectl's typed commands send for built-in kinds
 * ({@code kubectl create namespace|configmap|secret}): the {@code k8s\0} envelope and the object are decoded with
 * the Kubernetes project's generated protobuf classes (io.kubernetes:client-java-proto) and turned into the JSON the
 * store keeps. Kinds other than Namespace, ConfigMap and Secret are refused (415) by the caller.
 */
final class ProtobufBodies {
    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ProtobufBodies() {
    }

    /** The JSON of a protobuf-encoded body, or empty when its kind is not one read here. */
    static Optional<ObjectNode> toJson(byte[] body) throws InvalidProtocolBufferException {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw new InvalidProtocolBufferException("no k8s protobuf envelope (magic k8s\\0)");
        }
        Runtime.Unknown unknown = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
        String kind = unknown.getTypeMeta().getKind();
        Message object = switch (kind) {
            case "Namespace" -> V1.Namespace.parseFrom(unknown.getRaw());
            case "ConfigMap" -> V1.ConfigMap.parseFrom(unknown.getRaw());
            case "Secret" -> V1.Secret.parseFrom(unknown.getRaw());
            default -> null;
        };
        if (object == null) {
            return Optional.empty();
        }
        ObjectNode json = toJson(object);
        json.put("apiVersion", unknown.getTypeMeta().getApiVersion().isEmpty() ? "v1"
                : unknown.getTypeMeta().getApiVersion());
        json.put("kind", kind);
        return Optional.of(json);
    }

    /** A message as Kubernetes' JSON: JSON field names, maps as objects, bytes in base64. */
    static ObjectNode toJson(Message message) {
        ObjectNode out = F.objectNode();
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            FieldDescriptor fd = e.getKey();
            if (fd.isMapField()) {
                ObjectNode map = out.putObject(fd.getJsonName());
                for (Object entry : (List<?>) e.getValue()) {
                    Message m = (Message) entry;
                    FieldDescriptor k = m.getDescriptorForType().findFieldByName("key");
                    FieldDescriptor v = m.getDescriptorForType().findFieldByName("value");
                    map.set(String.valueOf(m.getField(k)), value(v, m.getField(v)));
                }
            } else if (fd.isRepeated()) {
                ArrayNode arr = out.putArray(fd.getJsonName());
                for (Object v : (List<?>) e.getValue()) {
                    arr.add(value(fd, v));
                }
            } else if (isTime(fd)) {
                // meta/v1 Time and MicroTime: an RFC 3339 string in JSON; unset (zero) is left out, as JSON's null.
                Message t = (Message) e.getValue();
                long seconds = (Long) t.getField(t.getDescriptorForType().findFieldByName("seconds"));
                if (seconds != 0) {
                    out.put(fd.getJsonName(), java.time.Instant.ofEpochSecond(seconds).toString());
                }
            } else {
                out.set(fd.getJsonName(), value(fd, e.getValue()));
            }
        }
        return out;
    }

    private static boolean isTime(FieldDescriptor fd) {
        if (fd.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
            return false;
        }
        String name = fd.getMessageType().getFullName();
        return name.endsWith("meta.v1.Time") || name.endsWith("meta.v1.MicroTime");
    }

    private static JsonNode value(FieldDescriptor fd, Object v) {
        return switch (fd.getJavaType()) {
            case MESSAGE -> toJson((Message) v);
            case BYTE_STRING -> F.textNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case BOOLEAN -> F.booleanNode((Boolean) v);
            case INT -> F.numberNode((Integer) v);
            case LONG -> F.numberNode((Long) v);
            case FLOAT, DOUBLE -> F.numberNode(((Number) v).doubleValue());
            default -> F.textNode(String.valueOf(v));
        };
    }
}
