package dev.chartharness.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TemplateLookups turns lookup calls into an empty map and nothing else")
class TemplateLookupsTest {

  @Test
  @DisplayName("calls inside actions, in parentheses and in pipelines are replaced")
  void calls() {
    assertThat(TemplateLookups.emptied("{{ $s := lookup \"v1\" \"Secret\" .Release.Namespace \"x\" }}"))
        .isEqualTo("{{ $s := pick (dict) \"v1\" \"Secret\" .Release.Namespace \"x\" }}");
    assertThat(TemplateLookups.emptied("{{- if (lookup \"v1\" \"ConfigMap\" \"\" \"\").items }}"))
        .isEqualTo("{{- if (pick (dict) \"v1\" \"ConfigMap\" \"\" \"\").items }}");
  }

  @Test
  @DisplayName("text, string literals, comments, fields and variables named lookup stay")
  void leftAlone() {
    String template = "lookup: {{ \"lookup\" }} {{/* lookup */}} {{ .Values.lookup }} {{ $lookup }} {{ `lookup` }} {{ lookups }}";
    assertThat(TemplateLookups.emptied(template)).isEqualTo(template);
  }
}
