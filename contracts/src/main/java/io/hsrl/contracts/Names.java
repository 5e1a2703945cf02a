package io.hsrl.contracts;

import java.util.Locale;

/** Parses the wire name of a contract enum (case-insensitive), naming the field and the allowed values on error. */
final class Names {
    private Names() {
    }

    interface Named {
        String value();
    }

    static <E extends Enum<E> & Named> E parse(Class<E> type, String field, String s) {
        String given = s == null ? "" : s.trim();
        E[] all = type.getEnumConstants();
        StringBuilder allowed = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            if (all[i].value().equalsIgnoreCase(given)) {
                return all[i];
            }
            allowed.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(all[i].value());
        }
        throw new IllegalArgumentException(field + " must be " + allowed + ", was '" + s + "'");
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
