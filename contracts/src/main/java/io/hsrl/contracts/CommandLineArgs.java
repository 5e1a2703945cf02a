package io.hsrl.contracts;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads back a command line written by an invocation's {@code toArgs()}: the command name, then {@code --name value}
 * pairs and the given flags without a value. Used to check what a pod will run; the programs parse with picocli.
 */
final class CommandLineArgs {
    final Map<String, String> options = new LinkedHashMap<>();

    private CommandLineArgs() {
    }

    static CommandLineArgs parse(List<String> args, String command, Set<String> flags) {
        if (args.isEmpty() || !args.get(0).equals(command)) {
            throw new IllegalArgumentException("expected the '" + command + "' command, got " + args);
        }
        CommandLineArgs parsed = new CommandLineArgs();
        for (int i = 1; i < args.size(); i++) {
            String name = args.get(i);
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("argument " + i + " '" + name + "' is not an option");
            }
            if (flags.contains(name)) {
                parsed.options.put(name, "true");
            } else if (i + 1 < args.size()) {
                parsed.options.put(name, args.get(++i));
            } else {
                throw new IllegalArgumentException("option " + name + " has no value");
            }
        }
        return parsed;
    }

    String required(String name) {
        String v = options.remove(name);
        if (v == null) {
            throw new IllegalArgumentException("option " + name + " is missing");
        }
        return v;
    }

    String optional(String name) {
        return options.remove(name);
    }

    boolean flag(String name) {
        return options.remove(name) != null;
    }

    /** A decimal as picocli reads it: no exponent, no trailing zeros (1e-5 → 0.00001). */
    static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
