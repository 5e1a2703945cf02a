package io.hsrl.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cost per exposure a {@code conversions} objective may spend. Written as text:
 * <ul>
 *   <li>{@code +5%}, {@code -10%}, {@code +0%}: relative to the logging (behaviour) policy's cost per exposure
 *       measured on the training logs (the logged slates' clicked items priced by the simulator's cost model);
 *       a bare {@code 0} means {@code +0%};</li>
 *   <li>{@code abs:0.12}: an absolute cost per exposure, in the catalogue's price units;</li>
 *   <li>{@code none}: no cost constraint (λ stays 0).</li>
 * </ul>
 *
 * @param kind  how {@code value} reads
 * @param value the relative change as a fraction (0.05 for {@code +5%}) or the absolute cost per exposure
 */
public record CostBudget(Kind kind, double value) {
    /** The text of the default budget: the logging policy's own cost per exposure. */
    public static final String DEFAULT_VALUE = "+0%";
    public static final CostBudget DEFAULT = new CostBudget(Kind.RELATIVE, 0);
    /** What a budget's text must match (also the CRD field's schema pattern). */
    public static final String PATTERN = "^([+-]?[0-9]+(\\.[0-9]+)?%|0|abs:[0-9]+(\\.[0-9]+)?|none)$";
    /** One line for help texts and error messages. */
    public static final String SYNTAX = "+N% or -N% (relative to the logging policy's cost per exposure on the training "
            + "logs; 0 means +0%), abs:X (an absolute cost per exposure) or none";
    /** {@link #SYNTAX} for a format string (a picocli description): every % doubled. */
    public static final String SYNTAX_FORMAT = "+N%% or -N%% (relative to the logging policy's cost per exposure on the "
            + "training logs; 0 means +0%%), abs:X (an absolute cost per exposure) or none";

    private static final Pattern TEXT = Pattern.compile(PATTERN);

    public enum Kind { RELATIVE, ABSOLUTE, NONE }

    public CostBudget {
        if (kind == null) {
            throw new IllegalArgumentException("cost budget kind is required");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("cost budget must be finite, was " + value);
        }
        if (kind == Kind.RELATIVE && value <= -1) {
            throw new IllegalArgumentException("a relative cost budget must be above -100%, was " + text(kind, value));
        }
        if (kind == Kind.ABSOLUTE && value < 0) {
            throw new IllegalArgumentException("an absolute cost budget must be >= 0, was " + value);
        }
        if (kind == Kind.NONE) {
            value = 0;
        }
    }

    @JsonCreator
    public static CostBudget parse(String s) {
        return parse("costBudget", s);
    }

    /**
     * @param field the option or field named in the error ({@code --cost-budget}, {@code spec.objective.costBudget})
     * @throws IllegalArgumentException naming {@code field} and the syntax
     */
    public static CostBudget parse(String field, String s) {
        String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        Matcher m = TEXT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(field + " must be " + SYNTAX + ", was '" + s + "'");
        }
        try {
            if (t.equals("none")) {
                return new CostBudget(Kind.NONE, 0);
            }
            if (t.equals("0")) {
                return DEFAULT;
            }
            if (t.startsWith("abs:")) {
                return new CostBudget(Kind.ABSOLUTE, Double.parseDouble(t.substring(4)));
            }
            return new CostBudget(Kind.RELATIVE, Double.parseDouble(t.substring(0, t.length() - 1)) / 100);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    /** The absolute cost per exposure allowed, given the logging policy's; +∞ for {@code none}. */
    public double resolve(double behaviourCostPerExposure) {
        return switch (kind) {
            case NONE -> Double.POSITIVE_INFINITY;
            case ABSOLUTE -> value;
            case RELATIVE -> {
                if (!(behaviourCostPerExposure >= 0) || Double.isInfinite(behaviourCostPerExposure)) {
                    throw new IllegalArgumentException("a relative cost budget needs the logging policy's cost per "
                            + "exposure, was " + behaviourCostPerExposure);
                }
                yield behaviourCostPerExposure * (1 + value);
            }
        };
    }

    /** The canonical text ({@code +5%}, {@code -10%}, {@code abs:0.12}, {@code none}); {@link #parse} reads it back. */
    @JsonValue
    @Override
    public String toString() {
        return text(kind, value);
    }

    private static String text(Kind kind, double value) {
        return switch (kind) {
            case NONE -> "none";
            case ABSOLUTE -> "abs:" + CommandLineArgs.plain(value);
            case RELATIVE -> {
                String pct = CommandLineArgs.plain(BigDecimal.valueOf(value).movePointRight(2).doubleValue());
                yield (value < 0 ? "" : "+") + pct + "%";
            }
        };
    }
}
