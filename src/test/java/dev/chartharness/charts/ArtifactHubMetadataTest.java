package dev.chartharness.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chartharness.render.Chart;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What Artifact Hub shows for each chart is present, well-formed and true to the chart. */
@DisplayName("Every chart carries Artifact Hub metadata: license, links, changes, and exactly the images it renders")
class ArtifactHubMetadataTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KINDS = Set.of("added", "changed", "deprecated", "removed", "fixed", "security");

  static Stream<Chart> charts() {
    return ChartMatrix.LAYOUT.charts().stream();
  }

  private static JsonNode annotations(Chart chart) throws IOException {
    return YAML.readTree(Files.readString(chart.directory().resolve("Chart.yaml"))).path("annotations");
  }

  /** An annotation holding a YAML list, parsed. */
  private static JsonNode list(Chart chart, String key) throws IOException {
    JsonNode value = annotations(chart).path(key);
    assertThat(value.isTextual()).as("%s/Chart.yaml annotation %s", chart.name(), key).isTrue();
    JsonNode parsed = YAML.readTree(value.asText());
    assertThat(parsed.isArray()).as("%s: %s is a YAML list", chart.name(), key).isTrue();
    return parsed;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("charts")
  @DisplayName("license matches the repository's LICENSE; links are https URLs; this version's changes have a known kind")
  void metadata(Chart chart) throws IOException {
    assertThat(annotations(chart).path("artifacthub.io/license").asText()).as("%s license", chart.name()).isEqualTo("Apache-2.0");
    assertThat(Files.readString(ChartMatrix.LAYOUT.root().resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
    JsonNode links = list(chart, "artifacthub.io/links");
    assertThat(links).as("%s links", chart.name()).isNotEmpty()
        .allSatisfy(link -> {
          assertThat(link.path("name").asText()).isNotBlank();
          assertThat(link.path("url").asText()).startsWith("https://");
        });
    assertThat(list(chart, "artifacthub.io/changes")).as("%s changes for %s", chart.name(), chart.version()).isNotEmpty()
        .allSatisfy(change -> {
          assertThat(KINDS).contains(change.path("kind").asText());
          assertThat(change.path("description").asText()).isNotBlank();
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("charts")
  @DisplayName("the images listed are the images rendered with the default values, hooks and test pods included")
  void imagesAreTheRenderedOnes(Chart chart) throws IOException {
    if (chart.isLibrary()) {
      assertThat(annotations(chart).has("artifacthub.io/images")).as("a library chart runs no image").isFalse();
      return;
    }
    Set<String> rendered = new TreeSet<>();
    for (Workload workload : RenderCommand.chart(chart.directory()).call().workloads()) {
      workload.containers().forEach(container -> rendered.add(container.container().getImage()));
    }
    Set<String> listed = new TreeSet<>();
    list(chart, "artifacthub.io/images").forEach(image -> {
      assertThat(image.path("name").asText()).isNotBlank();
      listed.add(image.path("image").asText());
    });
    assertThat(listed).as("%s: artifacthub.io/images vs the rendered containers", chart.name()).isEqualTo(rendered);
  }
}
