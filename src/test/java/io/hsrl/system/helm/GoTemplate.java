package io.hsrl.system.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of Go's text/template (with Helm's functions) that deploy/helm/hsrl-operator is written in, so that the
 * chart renders here, where Helm cannot be installed. Anything outside the subset is an error naming the template and
 * the action, never a silent difference from Helm:
 * <ul>
 *   <li>actions {@code {{ pipeline }}}, trim markers {@code {{-} and {@code -}}}, comments {@code {{/* ... *}{@literal /}}}}</li>
 *   <li>{@code if} / {@code else} / {@code end}; {@code range} over a list ({@code .} is the element); {@code define}</li>
 *   <li>values: {@code .}, {@code $}, field chains ({@code .Values.a.b}, {@code $.Release.Name}), "strings", integers,
 *       {@code true}/{@code false}, parenthesised pipelines</li>
 *   <li>functions: {@code include "name" ctx}, {@code toYaml}, {@code nindent n}, {@code quote}, {@code default d}</li>
 * </ul>
 * Semantics follow Helm: a missing field is empty (prints nothing), truthiness is Go's (empty string, 0, false, nil,
 * empty list or map are false), {@code toYaml} writes block YAML with sorted keys and no trailing newline.
 */
public final class GoTemplate {
    private static final Pattern ACTION = Pattern.compile("\\{\\{(-\\s)?(.*?)(\\s-)?}}", Pattern.DOTALL);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private sealed interface Node permits Text, Output, If, Range {
    }

    private record Text(String text) implements Node {
    }

    private record Output(String pipeline) implements Node {
    }

    private record If(String pipeline, List<Node> then, List<Node> otherwise) implements Node {
    }

    private record Range(String pipeline, List<Node> body) implements Node {
    }

    private record Token(boolean action, String text) {
    }

    private final Map<String, List<Node>> defines = new HashMap<>();

    /** Parses a template file; its {@code define}s become available to {@code include} in every later render. */
    public List<Object> parse(String name, String source) {
        List<Token> tokens = tokenize(source);
        int[] pos = {0};
        List<Node> nodes = parseNodes(name, tokens, pos, List.of());
        if (pos[0] < tokens.size()) {
            throw new IllegalArgumentException(name + ": unexpected {{ " + tokens.get(pos[0]).text() + " }}");
        }
        return new ArrayList<>(nodes);
    }

    /** Renders a parsed template against a context (Helm's root object: Values, Release, Chart). */
    @SuppressWarnings("unchecked")
    public String render(String name, List<Object> parsed, Object root) {
        StringBuilder out = new StringBuilder();
        execute(name, (List<Node>) (List<?>) parsed, root, root, out);
        return out.toString();
    }

    private static List<Token> tokenize(String source) {
        List<Token> tokens = new ArrayList<>();
        Matcher m = ACTION.matcher(source);
        int last = 0;
        boolean trimNext = false;
        while (m.find()) {
            String text = source.substring(last, m.start());
            if (trimNext) {
                text = text.stripLeading();
            }
            if (m.group(1) != null) {
                text = text.stripTrailing();
            }
            tokens.add(new Token(false, text));
            tokens.add(new Token(true, m.group(2).trim()));
            trimNext = m.group(3) != null;
            last = m.end();
        }
        String tail = source.substring(last);
        tokens.add(new Token(false, trimNext ? tail.stripLeading() : tail));
        return tokens;
    }

    /** Parses until one of {@code stops} (an action keyword) at this level; leaves pos on the stop. */
    private List<Node> parseNodes(String name, List<Token> tokens, int[] pos, List<String> stops) {
        List<Node> nodes = new ArrayList<>();
        while (pos[0] < tokens.size()) {
            Token t = tokens.get(pos[0]);
            if (!t.action()) {
                if (!t.text().isEmpty()) {
                    nodes.add(new Text(t.text()));
                }
                pos[0]++;
                continue;
            }
            String a = t.text();
            String keyword = a.split("\\s+", 2)[0];
            if (stops.contains(keyword)) {
                return nodes;
            }
            pos[0]++;
            if (a.startsWith("/*")) {
                if (!a.endsWith("*/")) {
                    throw new IllegalArgumentException(name + ": unterminated comment {{" + a + "}}");
                }
            } else if (keyword.equals("if")) {
                List<Node> then = parseNodes(name, tokens, pos, List.of("else", "end"));
                List<Node> otherwise = List.of();
                if (at(tokens, pos, "else")) {
                    if (!tokens.get(pos[0]).text().equals("else")) {
                        throw new IllegalArgumentException(name + ": only a plain {{ else }} is supported, not {{ "
                                + tokens.get(pos[0]).text() + " }}");
                    }
                    pos[0]++;
                    otherwise = parseNodes(name, tokens, pos, List.of("end"));
                }
                expectEnd(name, tokens, pos, a);
                nodes.add(new If(a.substring(2).trim(), then, otherwise));
            } else if (keyword.equals("range")) {
                String expr = a.substring(5).trim();
                if (expr.contains(":=")) {
                    throw new IllegalArgumentException(name + ": range with variables is not supported: {{ " + a + " }}");
                }
                List<Node> body = parseNodes(name, tokens, pos, List.of("end"));
                expectEnd(name, tokens, pos, a);
                nodes.add(new Range(expr, body));
            } else if (keyword.equals("define")) {
                String helper = unquote(name, a.substring(6).trim());
                List<Node> body = parseNodes(name, tokens, pos, List.of("end"));
                expectEnd(name, tokens, pos, a);
                defines.put(helper, body);
            } else if (List.of("else", "end", "with", "block", "template", "break", "continue").contains(keyword)) {
                throw new IllegalArgumentException(name + ": {{ " + a + " }} is not supported here or has no opening action");
            } else {
                nodes.add(new Output(a));
            }
        }
        if (!stops.isEmpty()) {
            throw new IllegalArgumentException(name + ": missing {{ end }} (expected one of " + stops + ")");
        }
        return nodes;
    }

    private static boolean at(List<Token> tokens, int[] pos, String keyword) {
        return pos[0] < tokens.size() && tokens.get(pos[0]).action()
                && tokens.get(pos[0]).text().split("\\s+", 2)[0].equals(keyword);
    }

    private static void expectEnd(String name, List<Token> tokens, int[] pos, String opening) {
        if (!at(tokens, pos, "end")) {
            throw new IllegalArgumentException(name + ": {{ " + opening + " }} has no {{ end }}");
        }
        pos[0]++;
    }

    private void execute(String name, List<Node> nodes, Object dot, Object root, StringBuilder out) {
        for (Node n : nodes) {
            if (n instanceof Text t) {
                out.append(t.text());
            } else if (n instanceof Output o) {
                out.append(print(evaluate(name, o.pipeline(), dot, root)));
            } else if (n instanceof If i) {
                execute(name, truthy(evaluate(name, i.pipeline(), dot, root)) ? i.then() : i.otherwise(), dot, root,
                        out);
            } else if (n instanceof Range r) {
                Object v = evaluate(name, r.pipeline(), dot, root);
                if (v != null && !(v instanceof List<?>)) {
                    throw new IllegalArgumentException(name + ": range over " + r.pipeline() + " needs a list");
                }
                if (v != null) {
                    for (Object element : (List<?>) v) {
                        execute(name, r.body(), element, root, out);
                    }
                }
            }
        }
    }

    // ---- pipelines -------------------------------------------------------------------------------------------------

    private Object evaluate(String name, String pipeline, Object dot, Object root) {
        List<String> tokens = lex(name, pipeline);
        int[] pos = {0};
        Object v = pipeline(name, tokens, pos, dot, root);
        if (pos[0] != tokens.size()) {
            throw new IllegalArgumentException(name + ": cannot parse {{ " + pipeline + " }}");
        }
        return v;
    }

    private Object pipeline(String name, List<String> tokens, int[] pos, Object dot, Object root) {
        Object value = null;
        boolean first = true;
        while (true) {
            List<Object> args = new ArrayList<>();
            String function = null;
            if (pos[0] < tokens.size() && tokens.get(pos[0]).matches("[A-Za-z][A-Za-z0-9]*")
                    && !List.of("true", "false", "nil").contains(tokens.get(pos[0]))) {
                function = tokens.get(pos[0]++);
            }
            while (pos[0] < tokens.size() && !tokens.get(pos[0]).equals("|") && !tokens.get(pos[0]).equals(")")) {
                args.add(operand(name, tokens, pos, dot, root));
            }
            if (!first) {
                args.add(value);
            }
            if (function != null) {
                value = call(name, function, args);
            } else if (args.size() == 1) {
                value = args.get(0);
            } else {
                throw new IllegalArgumentException(name + ": expected one value, got " + args.size() + " in " + tokens);
            }
            first = false;
            if (pos[0] < tokens.size() && tokens.get(pos[0]).equals("|")) {
                pos[0]++;
                continue;
            }
            return value;
        }
    }

    private Object operand(String name, List<String> tokens, int[] pos, Object dot, Object root) {
        String t = tokens.get(pos[0]++);
        if (t.equals("(")) {
            Object v = pipeline(name, tokens, pos, dot, root);
            if (pos[0] >= tokens.size() || !tokens.get(pos[0]).equals(")")) {
                throw new IllegalArgumentException(name + ": unbalanced parentheses in " + tokens);
            }
            pos[0]++;
            return v;
        }
        if (t.startsWith("\"")) {
            return unquote(name, t);
        }
        if (t.matches("-?\\d+")) {
            return Long.parseLong(t);
        }
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        if (t.equals("nil")) {
            return null;
        }
        if (t.equals(".") || t.equals("$") || t.startsWith(".") || t.startsWith("$.")) {
            Object v = t.startsWith("$") ? root : dot;
            String path = t.startsWith("$") ? t.substring(1) : t;
            for (String field : path.split("\\.")) {
                if (field.isEmpty()) {
                    continue;
                }
                v = v instanceof Map<?, ?> m ? m.get(field) : null;
            }
            return v;
        }
        throw new IllegalArgumentException(name + ": unsupported operand '" + t + "'");
    }

    private Object call(String name, String function, List<Object> args) {
        switch (function) {
            case "include" -> {
                need(name, function, args, 2);
                List<Node> body = defines.get(String.valueOf(args.get(0)));
                if (body == null) {
                    throw new IllegalArgumentException(name + ": include of undefined template " + args.get(0));
                }
                StringBuilder out = new StringBuilder();
                Object ctx = args.get(1);
                execute(name, body, ctx, ctx, out);
                return out.toString();
            }
            case "toYaml" -> {
                need(name, function, args, 1);
                return toYaml(args.get(0));
            }
            case "nindent" -> {
                need(name, function, args, 2);
                String pad = " ".repeat(((Number) args.get(0)).intValue());
                return "\n" + pad + print(args.get(1)).replace("\n", "\n" + pad);
            }
            case "quote" -> {
                need(name, function, args, 1);
                return "\"" + print(args.get(0)).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
            case "default" -> {
                need(name, function, args, 2);
                return truthy(args.get(1)) ? args.get(1) : args.get(0);
            }
            default -> throw new IllegalArgumentException(name + ": function " + function + " is outside the supported subset");
        }
    }

    private static void need(String name, String function, List<Object> args, int n) {
        if (args.size() != n) {
            throw new IllegalArgumentException(name + ": " + function + " takes " + n + " arguments, got " + args.size());
        }
    }

    static String toYaml(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?> m && m.isEmpty()) {
            return "{}";
        }
        if (v instanceof List<?> l && l.isEmpty()) {
            return "[]";
        }
        try {
            String s = YAML.writeValueAsString(v);
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("toYaml: " + e.getMessage(), e);
        }
    }

    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    static String print(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Long.toString(d.longValue());
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            throw new IllegalArgumentException("printing a map or list needs toYaml: " + v);
        }
        return v.toString();
    }

    private static String unquote(String name, String s) {
        if (s.length() < 2 || !s.startsWith("\"") || !s.endsWith("\"")) {
            throw new IllegalArgumentException(name + ": expected a quoted string, got " + s);
        }
        return s.substring(1, s.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static List<String> lex(String name, String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '|' || c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '"') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != '"') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= s.length()) {
                    throw new IllegalArgumentException(name + ": unterminated string in {{ " + s + " }}");
                }
                out.add(s.substring(i, j + 1));
                i = j + 1;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "|()\"".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }
}
