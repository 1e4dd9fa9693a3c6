package dev.chartharness.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ManifestParser turns Helm output into typed objects with their templates")
class ManifestParserTest {

  @Test
  @DisplayName("keeps each object's template and skips empty documents")
  void parsesDocuments() {
    String manifest = """
        ---
        # Source: app/templates/service.yaml
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        ---
        # Source: app/templates/empty.yaml
        ---
        # Source: app/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        """;
    List<RenderedObject> objects = ManifestParser.parse(manifest).objects();
    assertThat(objects).extracting(RenderedObject::source).containsExactly("app/templates/service.yaml", "app/templates/deployment.yaml");
    assertThat(objects.get(0).resource()).isInstanceOf(Service.class);
    assertThat(objects.get(1).resource()).isInstanceOf(Deployment.class);
  }

  @Test
  @DisplayName("a document that is not a Kubernetes object is a problem naming its template; the others still parse")
  void namesBadTemplate() {
    String manifest = "---\n# Source: app/templates/broken.yaml\njust: text\n---\n# Source: app/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";
    ManifestParser.Parsed parsed = ManifestParser.parse(manifest);
    assertThat(parsed.problems()).singleElement().satisfies(problem -> assertThat(problem.source()).isEqualTo("app/templates/broken.yaml"));
    assertThat(parsed.objects()).extracting(RenderedObject::id).containsExactly("ConfigMap/c");
  }

  @Test
  @DisplayName("invalid YAML is reported with the template, the line in its output and that line's text")
  void invalidYamlLine() {
    String output = "---\n# Source: app/templates/two.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  labels: {x: [}\n";
    ManifestParser.Parsed parsed = ManifestParser.parse(output);
    assertThat(parsed.objects()).extracting(RenderedObject::id).containsExactly("ConfigMap/a");
    assertThat(parsed.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.source()).isEqualTo("app/templates/two.yaml");
      assertThat(problem.line()).isEqualTo(10);
      assertThat(problem.lineText()).isEqualTo("  labels: {x: [}");
    });
  }
}
