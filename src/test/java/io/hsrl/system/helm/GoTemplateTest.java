package io.hsrl.system.helm;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The template subset behaves as Go's text/template with Helm's functions does on the same input. */
class GoTemplateTest {
    private static String render(String template, Map<String, Object> values) {
        GoTemplate t = new GoTemplate();
        t.parse("_helpers.tpl", """
                {{- define "labels" -}}
                a: {{ .Values.a }}
                b: {{ .Values.b | default "fallback" }}
                {{- end }}""");
        return t.render("t.yaml", t.parse("t.yaml", template), Map.of("Values", values, "Release",
                Map.of("Name", "rel")));
    }

    @Test
    void trimMarkersIfElseRangeAndInclude() {
        String out = render("""
                kind: X
                metadata:
                  labels:
                    {{- include "labels" . | nindent 4 }}
                {{- if .Values.on }}
                on: yes
                {{- else }}
                on: no
                {{- end }}
                items:
                {{- range .Values.items }}
                  - {{ . | quote }}
                {{- end }}
                release: {{ $.Release.Name }}
                {{/* a comment */}}""", Map.of("a", 1, "on", false, "items", List.of("x", "y\"z")));
        assertThat(out).isEqualTo("""
                kind: X
                metadata:
                  labels:
                    a: 1
                    b: fallback
                on: no
                items:
                  - "x"
                  - "y\\"z"
                release: rel
                """);
    }

    @Test
    void toYamlSortsKeysAndIndentsBlocks() {
        String out = render("r:{{ toYaml .Values.r | nindent 2 }}\ne: {{ toYaml .Values.e }}",
                Map.of("r", Map.of("requests", Map.of("memory", "1Gi", "cpu", "1")), "e", Map.of()));
        assertThat(out).isEqualTo("r:\n  requests:\n    cpu: \"1\"\n    memory: 1Gi\ne: {}");
    }

    @Test
    void goTruthinessAndDefaults() {
        assertThat(render("{{ if .Values.s }}t{{ else }}f{{ end }}", Map.of("s", ""))).isEqualTo("f");
        assertThat(render("{{ if .Values.l }}t{{ else }}f{{ end }}", Map.of("l", List.of()))).isEqualTo("f");
        assertThat(render("{{ if .Values.n }}t{{ else }}f{{ end }}", Map.of("n", 3))).isEqualTo("t");
        assertThat(render("{{ .Values.missing.deeper }}|{{ .Values.x | default (include \"labels\" .) }}",
                Map.of("a", 2))).isEqualTo("|a: 2\nb: fallback");
    }

    @Test
    void whatIsOutsideTheSubsetIsAnErrorNamingTheTemplate() {
        assertThatThrownBy(() -> render("{{ .Values.a | upper }}", Map.of("a", "x")))
                .hasMessageContaining("t.yaml").hasMessageContaining("upper");
        assertThatThrownBy(() -> render("{{ with .Values.a }}x{{ end }}", Map.of()))
                .hasMessageContaining("t.yaml").hasMessageContaining("with");
        assertThatThrownBy(() -> render("{{ if .Values.a }}x", Map.of())).hasMessageContaining("end");
        assertThatThrownBy(() -> render("{{ include \"nope\" . }}", Map.of())).hasMessageContaining("nope");
    }
}
