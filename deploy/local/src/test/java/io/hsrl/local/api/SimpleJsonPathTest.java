package io.hsrl.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimpleJsonPathTest {
    final JsonNode obj = read("""
            {"metadata":{"name":"a","labels":{"app.kubernetes.io/name":"x"}},
             "status":{"progress":{"percent":12.5},
                       "conditions":[{"type":"Progressing","status":"True"},{"type":"Ready","status":"False"}],
                       "arms":[{"n":1},{"n":2}]}}""");

    static JsonNode read(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void selectsFieldsIndexesFiltersAndQuotedKeys() {
        assertThat(SimpleJsonPath.parse(".status.progress.percent").first(obj).asDouble()).isEqualTo(12.5);
        assertThat(SimpleJsonPath.parse(".status.conditions[?(@.type==\"Ready\")].status").first(obj).asText())
                .isEqualTo("False");
        assertThat(SimpleJsonPath.parse(".status.conditions[?(@.type!=\"Ready\")].type").first(obj).asText())
                .isEqualTo("Progressing");
        assertThat(SimpleJsonPath.parse(".status.arms[-1].n").first(obj).asInt()).isEqualTo(2);
        assertThat(SimpleJsonPath.parse(".status.arms[*].n").select(obj)).hasSize(2);
        assertThat(SimpleJsonPath.parse(".metadata.labels['app.kubernetes.io/name']").first(obj).asText())
                .isEqualTo("x");
        assertThat(SimpleJsonPath.parse("{.status.missing.field}").first(obj)).isNull();
    }

    @Test
    void rejectsWhatItCannotEvaluateNamingThePath() {
        assertThatThrownBy(() -> SimpleJsonPath.parse(".a[?(@.x>3)]")).hasMessageContaining(".a[?(@.x>3)]");
        assertThatThrownBy(() -> SimpleJsonPath.parse(".a[0")).hasMessageContaining("unclosed");
    }

    @Test
    void tableRendersPrinterColumnsAndAges() {
        JsonNode columns = read("""
                [{"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\\"Ready\\")].status"},
                 {"name":"Progress","type":"number","jsonPath":".status.progress.percent"},
                 {"name":"Odd","type":"string","jsonPath":".a..b"}]""");
        JsonNode table = TableRenderer.render(read("{\"items\":[" + obj + "]}"),
                TableRenderer.fromPrinterColumns(columns));
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("columnDefinitions")).hasSize(4);
        JsonNode cells = table.at("/rows/0/cells");
        assertThat(cells.get(0).asText()).isEqualTo("a");
        assertThat(cells.get(1).asText()).isEqualTo("False");
        assertThat(cells.get(2).asDouble()).isEqualTo(12.5);
        assertThat(cells.get(3).isNull()).isTrue();
        assertThat(TableRenderer.humanDuration(Duration.ofSeconds(59))).isEqualTo("59s");
        assertThat(TableRenderer.humanDuration(Duration.ofSeconds(5 * 60 + 3))).isEqualTo("5m3s");
        assertThat(TableRenderer.humanDuration(Duration.ofHours(50))).isEqualTo("2d2h");
    }
}
