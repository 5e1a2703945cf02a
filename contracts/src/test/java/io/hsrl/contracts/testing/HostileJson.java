package io.hsrl.contracts.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hostile variations of a valid JSON request body, for fuzz tests of the HTTP endpoints: cut short, a character
 * changed or a token inserted, a value replaced by a hostile one (huge, non-finite, deep, wrong type, invalid
 * Unicode), trailing data, deep nesting. Seeded by the caller's {@link Random}, so a failure repeats.
 */
public final class HostileJson {
    private static final String[] VALUES = {"1e308", "-1e400", "9223372036854775808", "2147483648", "-0", "-1",
        "1.5", "0", "null", "true", "[]", "{}", "\"\"", "\"\\ud800\"", "\"\\u0000\"", "[null]", "[1e999]",
        "\"" + "x".repeat(5000) + "\"", "[" + "[".repeat(3000) + "]".repeat(3000) + "]"};
    private static final String[] TOKENS = {"{", "}", "[", "]", "\"", ",", ":", "\\", "\u0000", "NaN", "1e999",
        "\uFEFF", "garbage", "{}"};

    private HostileJson() {
    }

    public static String mutate(Random r, String valid) {
        switch (r.nextInt(6)) {
            case 0:
                return valid.substring(0, r.nextInt(valid.length()));
            case 1: {
                int at = r.nextInt(valid.length());
                return valid.substring(0, at) + (char) r.nextInt(0x80) + valid.substring(at + 1);
            }
            case 2: {
                int at = r.nextInt(valid.length() + 1);
                return valid.substring(0, at) + TOKENS[r.nextInt(TOKENS.length)] + valid.substring(at);
            }
            case 3: {
                Matcher m = Pattern.compile(":(\\[[^\\]]*\\]|\"[^\"]*\"|[-0-9.e]+)")
                        .matcher(valid);
                List<int[]> spans = new ArrayList<>();
                while (m.find()) {
                    spans.add(new int[] {m.start(1), m.end(1)});
                }
                int[] span = spans.get(r.nextInt(spans.size()));
                return valid.substring(0, span[0]) + VALUES[r.nextInt(VALUES.length)] + valid.substring(span[1]);
            }
            case 4:
                return valid + (r.nextBoolean() ? valid : " " + TOKENS[r.nextInt(TOKENS.length)]);
            default:
                return "[".repeat(r.nextInt(2000)) + valid;
        }
    }

    public static String contentType(Random r) {
        String[] types = {"text/plain", "application/octet-stream", "application/xml", "image/png"};
        return types[r.nextInt(types.length)];
    }
}
