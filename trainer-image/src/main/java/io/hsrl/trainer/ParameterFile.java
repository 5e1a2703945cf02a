package io.hsrl.trainer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hsrl.store.Json;
import io.hsrl.store.ObjectStore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hyper-parameters from a file ({@code --config params.yaml|.yml|.json}): a flat map whose keys are the command's
 * option names, with or without the leading dashes, in kebab-case ({@code actor-lr}) or camelCase ({@code actorLr},
 * the api's {@code HyperParameters} field names). A value is applied only where the option was not given on the command
 * line, so explicit flags win over the file and the file over the defaults.
 */
final class ParameterFile {
    private static final ObjectMapper YAML = new YAMLMapper();

    private ParameterFile() {
    }

    static void apply(CommandSpec spec, ObjectStore store, String uri) throws IOException {
        if (!store.exists(uri)) {
            throw new FileNotFoundException("--config " + uri + ": no such file");
        }
        Map<String, Object> values = read(store.read(uri), uri);
        ParseResult given = spec.commandLine().getParseResult();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String name = optionName(e.getKey());
            OptionSpec option = spec.findOption(name);
            if (option == null || name.equals("--config") || option.usageHelp() || option.versionHelp()) {
                throw new IllegalArgumentException(uri + ": unknown key '" + e.getKey() + "' (not an option of "
                        + spec.qualifiedName() + ")");
            }
            if (given != null && given.hasMatchedOption(option)) {
                continue;
            }
            option.setValue(convert(e.getValue(), option, uri, e.getKey()));
        }
    }

    private static Map<String, Object> read(byte[] data, String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        ObjectMapper mapper;
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            mapper = YAML;
        } else if (lower.endsWith(".json")) {
            mapper = Json.MAPPER;
        } else {
            throw new IllegalArgumentException("--config " + uri + ": expected a .yaml, .yml or .json file");
        }
        try {
            Map<String, Object> map = mapper.readValue(data, new TypeReference<Map<String, Object>>() { });
            return map == null ? Map.of() : map;
        } catch (IOException e) {
            throw new IllegalArgumentException(uri + ": not a map of hyper-parameters: " + e.getMessage().split("\n")[0], e);
        }
    }

    /** {@code actorLr}, {@code actor-lr} or {@code --actor-lr} → {@code --actor-lr}. */
    static String optionName(String key) {
        String k = key.startsWith("--") ? key.substring(2) : key;
        StringBuilder sb = new StringBuilder("--");
        for (char c : k.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('-').append(Character.toLowerCase(c));
            } else {
                sb.append(c == '_' ? '-' : c);
            }
        }
        return sb.toString();
    }

    private static Object convert(Object value, OptionSpec option, String uri, String key) {
        Class<?> type = option.type();
        Object v = value;
        if (type.isArray() && v instanceof String s) {
            v = List.of(s.split(","));
        } else if (!type.isArray() && v instanceof List<?>) {
            throw new IllegalArgumentException(uri + ": key '" + key + "' takes one value, was a list");
        }
        if ((type == boolean.class || type == Boolean.class) && !(v instanceof Boolean)) {
            throw new IllegalArgumentException(uri + ": key '" + key + "' must be true or false, was '" + value + "'");
        }
        try {
            return Json.MAPPER.convertValue(v, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(uri + ": key '" + key + "': '" + value + "' is not a valid "
                    + type.getSimpleName(), e);
        }
    }
}
