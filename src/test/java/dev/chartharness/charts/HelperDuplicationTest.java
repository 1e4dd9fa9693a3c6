package dev.chartharness.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.charts.TemplateDefinitions.Definition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Helpers: a helper body is written once, in one chart; the shared ones live in common")
class HelperDuplicationTest {

  /** The copies among {@code definitions}: one line per body that two or more charts define, naming each chart's template. */
  static List<String> copies(List<Definition> definitions) {
    Map<String, List<Definition>> byBody = new LinkedHashMap<>();
    for (Definition definition : definitions) {
      // A chart-local alias of one common helper (<chart>.fullname, docs/chart-conventions.md) copies no logic.
      if (!definition.aliasOfCommon()) {
        byBody.computeIfAbsent(definition.normalizedBody(), body -> new ArrayList<>()).add(definition);
      }
    }
    List<String> copies = new ArrayList<>();
    for (List<Definition> same : byBody.values()) {
      if (same.stream().map(Definition::chart).distinct().count() > 1) {
        copies.add("the same body is defined in charts " + same.stream().map(Definition::chart).distinct().toList() + ": " + same
            + " (move it into charts/common/templates as a common.* helper)");
      }
    }
    return copies;
  }

  @Test
  @DisplayName("no two charts under charts/ define the same helper body, chart prefixes aside")
  void noHelperDefinedInTwoCharts() {
    List<Definition> definitions = TemplateDefinitions.inCharts(ChartMatrix.LAYOUT.chartsDirectory());
    assertThat(definitions).as("the scan reads the charts' helpers").extracting(Definition::name)
        .contains("common.labels.standard", "frontend.fullname", "journal.validate");
    assertThat(copies(definitions)).as("expecting every helper once, but found copies").isEmpty();
  }

  @Nested
  @DisplayName("reading templates")
  class Reading {

    @Test
    @DisplayName("a define's body ends at its own end, after the if/range/with/else blocks inside it")
    void nestedBlocks() {
      String text = """
          {{- define "a.outer" -}}
          {{- if .x }}{{ range .y }}{{ with . }}{{ . }}{{ else }}none{{ end }}{{ end }}{{ else if .z }}z{{ end -}}
          tail
          {{- end -}}
          {{ define "a.next" }}next{{ end }}
          """;
      List<Definition> definitions = TemplateDefinitions.parse("a", "a/templates/_helpers.tpl", text);
      assertThat(definitions).extracting(Definition::name).containsExactly("a.outer", "a.next");
      assertThat(definitions.get(0).body()).startsWith("\n{{- if .x }}").endsWith("tail\n");
      assertThat(definitions.get(1).body()).isEqualTo("next");
    }

    @Test
    @DisplayName("braces and 'end' inside comments and quoted strings are text, not actions")
    void commentsAndStrings() {
      String text = """
          {{/* {{ end }} is not an action here
          nor {{ define "a.fake" }} */}}
          {{- define "a.real" -}}{{ printf "}} {{ end" }}{{ `}}` }}{{- /* end */ -}}{{ end }}
          """;
      List<Definition> definitions = TemplateDefinitions.parse("a", "a/templates/_helpers.tpl", text);
      assertThat(definitions).singleElement().satisfies(definition -> {
        assertThat(definition.name()).isEqualTo("a.real");
        assertThat(definition.normalizedBody()).isEqualTo("{{printf\"}}{{end\"}}{{`}}`}}");
      });
    }

    @Test
    @DisplayName("a block names a template as define does, and a template file outside _helpers.tpl counts")
    void blocks() {
      List<Definition> definitions = TemplateDefinitions.parse("a", "a/templates/deployment.yaml", "kind: x\n{{ block \"a.part\" . }}p{{ end }}\n");
      assertThat(definitions).extracting(Definition::name).containsExactly("a.part");
    }

    @Test
    @DisplayName("an end that closes nothing, or a define never closed, fails naming the file")
    void unbalanced() {
      assertThatThrownBy(() -> TemplateDefinitions.parse("a", "a/templates/x.tpl", "{{ define \"a.x\" }}{{ end }}{{ end }}"))
          .hasMessageContaining("a/templates/x.tpl").hasMessageContaining("closes nothing");
      assertThatThrownBy(() -> TemplateDefinitions.parse("a", "a/templates/x.tpl", "{{ define \"a.x\" }}{{ if .y }}{{ end }}"))
          .hasMessageContaining("a/templates/x.tpl").hasMessageContaining("never closed");
    }
  }

  @Nested
  @DisplayName("finding copies")
  class Copies {

    @TempDir
    Path charts;

    private void chart(String name, String helpers) throws IOException {
      Files.createDirectories(charts.resolve(name + "/templates"));
      Files.writeString(charts.resolve(name + "/Chart.yaml"), "apiVersion: v2\nname: " + name + "\nversion: 0.1.0\n");
      Files.writeString(charts.resolve(name + "/templates/_helpers.tpl"), helpers);
    }

    @Test
    @DisplayName("two charts whose helpers differ only in their own prefix, component name, whitespace and comments: one copy, naming both charts and templates")
    void sameBodyInTwoCharts() throws IOException {
      chart("web", """
          {{- define "web.fullname" -}}{{ include "common.names.fullname" . }}{{- end -}}
          {{/* affinity */}}
          {{- define "web.affinity" -}}
          {{- /* the user's, else the preset */ -}}
          {{- if .Values.affinity -}}{{ toYaml .Values.affinity }}{{- else -}}
          {{- include "common.labels.matchLabels" (dict "component" "web" "context" .) | nindent 12 }}
          {{- end -}}
          {{- end -}}
          """);
      chart("api", """
          {{- define "api.fullname" -}}{{ include "common.names.fullname" . }}{{- end -}}
          {{- define "api.podAffinity" }}
            {{ if .Values.affinity }}{{ toYaml .Values.affinity }}{{ else }}
            {{ include "common.labels.matchLabels" (dict "component" "api" "context" .) | nindent 12 }}{{ end }}
          {{ end }}
          {{- define "api.unique" -}}{{ include "api.fullname" . }}-unique{{- end -}}
          """);
      assertThat(copies(TemplateDefinitions.inCharts(charts))).singleElement().asString()
          .contains("charts [api, web]", "api.podAffinity (api/templates/_helpers.tpl)", "web.affinity (web/templates/_helpers.tpl)");
    }

    @Test
    @DisplayName("bodies that differ in what they do, and chart-local aliases of one common helper, are no copies")
    void differentBodiesAndAliases() throws IOException {
      chart("web", """
          {{- define "web.fullname" -}}{{ include "common.names.fullname" . }}{{- end -}}
          {{- define "web.secretName" -}}
          {{- include "common.secrets.name" (dict "existingSecret" .Values.auth.existingSecret "defaultName" (include "web.fullname" . | trunc 50) "context" .) -}}
          {{- end -}}
          {{- define "web.probe" -}}successThreshold: {{ default 1 .probe.successThreshold }}{{- end -}}
          """);
      chart("api", """
          {{- define "api.fullname" -}}{{ include "common.names.fullname" . }}{{- end -}}
          {{- define "api.secretName" -}}
          {{- include "common.secrets.name" (dict "existingSecret" .Values.auth.existingSecret "defaultName" (include "api.fullname" . | trunc 50) "context" .) -}}
          {{- end -}}
          {{- define "api.probe" -}}successThreshold: {{ .probe.successThreshold }}{{- end -}}
          """);
      assertThat(copies(TemplateDefinitions.inCharts(charts))).isEmpty();
    }

    @Test
    @DisplayName("a common helper's result processed further (a pipe), or a chart's own helper called, is logic: copied, it is found")
    void pipedOrLocalIncludeIsLogic() throws IOException {
      chart("web", """
          {{- define "web.existingSecret" -}}{{- include "common.tplvalues.render" (dict "value" .Values.auth.existingSecret "context" .) | trim -}}{{- end -}}
          {{- define "web.name" -}}{{ include "web.base" . }}{{- end -}}
          """);
      chart("api", """
          {{- define "api.existingSecret" -}}{{- include "common.tplvalues.render" (dict "value" .Values.auth.existingSecret "context" .) | trim -}}{{- end -}}
          {{- define "api.name" -}}{{ include "api.base" . }}{{- end -}}
          """);
      assertThat(copies(TemplateDefinitions.inCharts(charts))).hasSize(2)
          .anySatisfy(copy -> assertThat(copy).contains("api.existingSecret", "web.existingSecret"))
          .anySatisfy(copy -> assertThat(copy).contains("api.name", "web.name"));
    }
  }
}
