package dev.chartharness.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    List<RenderedObject> objects = ManifestParser.parse(manifest);
    assertThat(objects).extracting(RenderedObject::source).containsExactly("app/templates/service.yaml", "app/templates/deployment.yaml");
    assertThat(objects.get(0).resource()).isInstanceOf(Service.class);
    assertThat(objects.get(1).resource()).isInstanceOf(Deployment.class);
  }

  @Test
  @DisplayName("names the template of a document that is not a Kubernetes object")
  void namesBadTemplate() {
    String manifest = "---\n# Source: app/templates/broken.yaml\njust: text\n";
    assertThatThrownBy(() -> ManifestParser.parse(manifest)).hasMessageContaining("app/templates/broken.yaml");
  }
}
