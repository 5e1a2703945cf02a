package io.hsrl.api;

import io.fabric8.kubernetes.api.model.Condition;
import io.hsrl.api.v1alpha1.Conditions;
import io.hsrl.api.v1alpha1.SemanticIndexStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionsTest {
    @AfterEach
    void resetClock() {
        Conditions.useClock(Clock.systemUTC());
    }

    private static void at(String instant) {
        Conditions.useClock(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void stampsObservedGenerationAndKeepsTransitionTimeUnlessStatusChanges() {
        SemanticIndexStatus s = new SemanticIndexStatus();
        at("2026-01-01T00:00:00Z");
        assertThat(s.setCondition("Ready", false, "Building", "job running", 1L)).isTrue();
        Condition c = s.conditions.get(0);
        assertThat(c.getStatus()).isEqualTo("False");
        assertThat(c.getObservedGeneration()).isEqualTo(1L);
        assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");

        at("2026-01-01T00:05:00Z");
        assertThat(s.setCondition("Ready", false, "Building", "job running", 1L)).as("nothing changed").isFalse();
        assertThat(s.setCondition("Ready", false, "Building", "still running", 2L)).isTrue();
        assertThat(c.getLastTransitionTime()).as("same status keeps the time").isEqualTo("2026-01-01T00:00:00Z");
        assertThat(c.getObservedGeneration()).isEqualTo(2L);
        assertThat(c.getMessage()).isEqualTo("still running");

        at("2026-01-01T00:09:00Z");
        assertThat(s.setCondition("Ready", true, "IndexReady", "done", 2L)).isTrue();
        assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:09:00Z");
        assertThat(s.isTrue("Ready")).isTrue();
        assertThat(s.conditions).hasSize(1);
    }

    @Test
    void eachTypeIsOneEntry() {
        SemanticIndexStatus s = new SemanticIndexStatus();
        s.setCondition("Ready", true, "IndexReady", null, 3L);
        s.setCondition("Degraded", false, "WithinThresholds", null, 3L);
        s.setCondition("Ready", true, "IndexReady", null, 3L);
        assertThat(s.conditions).extracting(Condition::getType).containsExactly("Ready", "Degraded");
        assertThat(s.isTrue("Degraded")).isFalse();
        assertThat(s.isTrue("Missing")).isFalse();
        assertThat(Conditions.remove(s.conditions, "Degraded")).isTrue();
        assertThat(s.conditions).hasSize(1);
    }

    @Test
    void rejectsNonConventionalValues() {
        SemanticIndexStatus s = new SemanticIndexStatus();
        assertThatThrownBy(() -> Conditions.set(s.conditions, "Ready", "Yes", "Ok", null, 1L))
                .hasMessageContaining("True, False or Unknown");
        assertThatThrownBy(() -> s.setCondition("Ready", true, "not camel case", null, 1L))
                .hasMessageContaining("CamelCase");
        assertThat(s.conditions).isEmpty();
    }
}
