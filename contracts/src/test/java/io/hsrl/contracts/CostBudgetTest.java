package io.hsrl.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CostBudgetTest {
    @Test
    void relativeBudgetsScaleTheLoggingPolicysCost() {
        assertThat(CostBudget.parse("+5%").resolve(0.2)).isCloseTo(0.21, within(1e-12));
        assertThat(CostBudget.parse("-10%").resolve(0.2)).isCloseTo(0.18, within(1e-12));
        assertThat(CostBudget.parse("2.5%").resolve(0.2)).isCloseTo(0.205, within(1e-12));
        assertThat(CostBudget.parse("+0%").resolve(0.2)).isCloseTo(0.2, within(1e-12));
        assertThat(CostBudget.parse("0")).isEqualTo(CostBudget.DEFAULT).isEqualTo(CostBudget.parse(CostBudget.DEFAULT_VALUE));
    }

    @Test
    void absoluteAndNoBudgetIgnoreTheLoggingPolicy() {
        assertThat(CostBudget.parse("abs:0.12").resolve(5)).isEqualTo(0.12);
        assertThat(CostBudget.parse(" ABS:3 ").resolve(Double.NaN)).isEqualTo(3);
        assertThat(CostBudget.parse("none").resolve(Double.NaN)).isInfinite();
    }

    @Test
    void theTextReadsBackToTheSameBudget() {
        for (String s : new String[] {"+5%", "-10%", "+0%", "+12.5%", "abs:0.12", "abs:3", "none"}) {
            CostBudget b = CostBudget.parse(s);
            assertThat(b.toString()).isEqualTo(s);
            assertThat(CostBudget.parse(b.toString())).isEqualTo(b);
        }
        assertThat(CostBudget.parse("5%").toString()).isEqualTo("+5%");
    }

    @Test
    void theFormatStringSyntaxFormatsToTheSyntax() {
        assertThat(String.format(CostBudget.SYNTAX_FORMAT)).isEqualTo(CostBudget.SYNTAX);
    }

    @Test
    void badTextIsRefusedNamingTheOptionAndTheSyntax() {
        for (String bad : new String[] {"5", "0.1", "+5", "abs:", "abs:-1", "abs:1e308", "%", "lots", "", "+5%%"}) {
            assertThatThrownBy(() -> CostBudget.parse("--cost-budget", bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--cost-budget").hasMessageContaining("abs:X");
        }
        assertThatThrownBy(() -> CostBudget.parse("--cost-budget", null)).hasMessageContaining("--cost-budget");
        assertThatThrownBy(() -> CostBudget.parse("spec.objective.costBudget", "-100%"))
                .hasMessageContaining("spec.objective.costBudget").hasMessageContaining("-100%");
        assertThatThrownBy(() -> CostBudget.parse("-5%").resolve(Double.NaN)).hasMessageContaining("logging policy");
    }

    @Test
    void objectiveNamesAreParsedCaseInsensitivelyAndBadOnesNamed() {
        assertThat(ObjectiveType.parse("Conversions")).isEqualTo(ObjectiveType.CONVERSIONS);
        assertThat(ObjectiveType.DEFAULT.value()).isEqualTo(ObjectiveType.DEFAULT_VALUE);
        assertThatThrownBy(() -> ObjectiveType.parse("--objective", "revenue"))
                .hasMessageContaining("--objective").hasMessageContaining("engagement or conversions");
    }
}
