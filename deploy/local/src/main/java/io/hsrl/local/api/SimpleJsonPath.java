package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The subset of Kubernetes JSONPath that CRD printer columns use: {@code .a.b}, {@code .a[0]}, {@code .a[*]},
 * {@code ['a.b']} and filters {@code [?(@.type=="Ready")]} (with {@code ==} or {@code !=} against a string or
 * number). Anything else is rejected when parsed, naming the path.
 */
public final class SimpleJsonPath {
    private sealed interface Step permits Field, Index, All, Filter {}
    private record Field(String name) implements Step {}
    private record Index(int index) implements Step {}
    private record All() implements Step {}
    private record Filter(List<String> path, boolean equal, String value) implements Step {}

    private final String expression;
    private final List<Step> steps;

    private SimpleJsonPath(String expression, List<Step> steps) {
        this.expression = expression;
        this.steps = steps;
    }

    public static SimpleJsonPath parse(String expression) {
        String e = expression.trim();
        if (e.startsWith("{") && e.endsWith("}")) {
            e = e.substring(1, e.length() - 1).trim();
        }
        if (e.startsWith("$")) {
            e = e.substring(1);
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < e.length()) {
            char c = e.charAt(i);
            if (c == '.') {
                int j = i + 1;
                while (j < e.length() && e.charAt(j) != '.' && e.charAt(j) != '[') {
                    j++;
                }
                if (j == i + 1) {
                    throw bad(expression, "empty field name at " + i);
                }
                steps.add(new Field(e.substring(i + 1, j)));
                i = j;
            } else if (c == '[') {
                int close = closing(e, i, expression);
                String inner = e.substring(i + 1, close).trim();
                steps.add(bracket(inner, expression));
                i = close + 1;
            } else {
                throw bad(expression, "unexpected '" + c + "' at " + i);
            }
        }
        return new SimpleJsonPath(expression, List.copyOf(steps));
    }

    private static int closing(String e, int open, String expression) {
        boolean quoted = false;
        char quote = 0;
        int depth = 0;
        for (int k = open; k < e.length(); k++) {
            char c = e.charAt(k);
            if (quoted) {
                if (c == quote) {
                    quoted = false;
                }
            } else if (c == '"' || c == '\'') {
                quoted = true;
                quote = c;
            } else if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
                if (depth == 0 && c == ']') {
                    return k;
                }
            }
        }
        throw bad(expression, "unclosed '[' at " + open);
    }

    private static Step bracket(String inner, String expression) {
        if (inner.equals("*")) {
            return new All();
        }
        if (inner.matches("-?\\d+")) {
            return new Index(Integer.parseInt(inner));
        }
        if ((inner.startsWith("'") && inner.endsWith("'")) || (inner.startsWith("\"") && inner.endsWith("\""))) {
            return new Field(inner.substring(1, inner.length() - 1));
        }
        if (inner.startsWith("?(") && inner.endsWith(")")) {
            String cond = inner.substring(2, inner.length() - 1).trim();
            boolean equal = !cond.contains("!=");
            String[] parts = cond.split(equal ? "==" : "!=", 2);
            if (parts.length != 2 || !parts[0].trim().startsWith("@.")) {
                throw bad(expression, "unsupported filter '" + inner + "' (only [?(@.field==\"value\")])");
            }
            List<String> path = List.of(parts[0].trim().substring(2).split("\\."));
            String value = parts[1].trim();
            if ((value.startsWith("\"") && value.endsWith("\"")) || (value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            return new Filter(path, equal, value);
        }
        throw bad(expression, "unsupported selector '[" + inner + "]'");
    }

    private static IllegalArgumentException bad(String expression, String why) {
        return new IllegalArgumentException("JSONPath '" + expression + "': " + why);
    }

    /** Every node the path selects (missing fields select nothing). */
    public List<JsonNode> select(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                apply(step, node, next);
            }
            current = next;
        }
        return current;
    }

    private static void apply(Step step, JsonNode node, List<JsonNode> out) {
        if (step instanceof Field f) {
            JsonNode v = node.get(f.name());
            if (v != null && !v.isNull()) {
                out.add(v);
            }
        } else if (step instanceof Index ix) {
            if (node.isArray()) {
                int i = ix.index() < 0 ? node.size() + ix.index() : ix.index();
                if (i >= 0 && i < node.size()) {
                    out.add(node.get(i));
                }
            }
        } else if (step instanceof All) {
            if (node.isArray() || node.isObject()) {
                node.elements().forEachRemaining(out::add);
            }
        } else if (step instanceof Filter flt && node.isArray()) {
            for (JsonNode element : node) {
                JsonNode v = element;
                for (String p : flt.path()) {
                    v = v == null ? null : v.get(p);
                }
                boolean matches = v != null && !v.isNull() && v.asText().equals(flt.value());
                if (matches == flt.equal()) {
                    out.add(element);
                }
            }
        }
    }

    /** The printed value: selected scalars joined by commas (as kube-apiserver prints them), or null if none. */
    public JsonNode first(JsonNode root) {
        List<JsonNode> all = select(root);
        return all.isEmpty() ? null : all.get(0);
    }

    @Override
    public String toString() {
        return expression;
    }
}
