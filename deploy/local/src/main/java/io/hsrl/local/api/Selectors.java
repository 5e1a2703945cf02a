package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Label and field selectors as kube-apiserver evaluates them. Labels: {@code k=v}, {@code k==v}, {@code k!=v},
 * {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k}. Fields: {@code path=v}, {@code path==v},
 * {@code path!=v} on any dotted path of the object ({@code metadata.name}, {@code involvedObject.uid},
 * {@code status.phase}, ...); an absent field reads as the empty string, as the API server's field sets do.
 */
final class Selectors {
    private Selectors() {
    }

    static boolean matchesFields(JsonNode object, String selector) {
        if (selector == null || selector.isBlank()) {
            return true;
        }
        for (String part : selector.split(",")) {
            String term = part.trim();
            if (term.isEmpty()) {
                continue;
            }
            boolean negate = term.contains("!=");
            String[] kv = negate ? term.split("!=", 2) : term.split("==?", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("invalid field selector term: " + term);
            }
            JsonNode v = object.at("/" + kv[0].trim().replace('.', '/'));
            String actual = v.isMissingNode() || v.isNull() ? "" : v.asText();
            if (actual.equals(kv[1].trim()) == negate) {
                return false;
            }
        }
        return true;
    }

    static boolean matchesLabels(JsonNode object, String selector) {
        if (selector == null || selector.isBlank()) {
            return true;
        }
        JsonNode labels = object.at("/metadata/labels");
        for (String term : splitTerms(selector)) {
            term = term.trim();
            if (term.isEmpty()) {
                continue;
            }
            if (!matchesTerm(labels, term)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesTerm(JsonNode labels, String term) {
        java.util.regex.Matcher set = java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(term);
        if (set.matches()) {
            Set<String> values = new java.util.HashSet<>();
            for (String v : set.group(3).split(",")) {
                values.add(v.trim());
            }
            JsonNode v = labels.get(set.group(1));
            boolean in = v != null && values.contains(v.asText());
            return set.group(2).equals("in") ? in : !in;
        }
        if (term.startsWith("!")) {
            return !labels.has(term.substring(1).trim());
        }
        if (term.contains("!=")) {
            String[] kv = term.split("!=", 2);
            JsonNode v = labels.get(kv[0].trim());
            return v == null || !v.asText().equals(kv[1].trim());
        }
        if (term.contains("=")) {
            String[] kv = term.split("==?", 2);
            JsonNode v = labels.get(kv[0].trim());
            return v != null && v.asText().equals(kv[1].trim());
        }
        return labels.has(term);
    }

    /** Splits on commas outside parentheses ({@code a in (x,y),b=c}). */
    private static List<String> splitTerms(String selector) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
