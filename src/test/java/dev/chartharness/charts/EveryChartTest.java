package dev.chartharness.charts;

import static dev.chartharness.assertj.ChartAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chartharness.render.Chart;
import dev.chartharness.render.Environment;
import dev.chartharness.render.RenderedRelease;
import dev.chartharness.render.Workload;
import dev.chartharness.validate.ChartLint;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Every chart, for every environment and with no values file")
class EveryChartTest {

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases() {
    return ChartMatrix.chartsByEnvironment();
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("cases")
  @DisplayName("renders to at least one workload")
  void renders(String chart, Environment environment) {
    RenderedRelease release = ChartMatrix.render(chart, environment);
    assertThat(release.workloads()).as("workloads of %s [%s]", chart, environment).isNotEmpty();
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("cases")
  @DisplayName("validates without errors: strict schema, API semantics, references and policy")
  void validatesWithoutErrors(String chart, Environment environment) {
    assertThat(ChartMatrix.render(chart, environment)).hasNoErrors();
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("cases")
  @DisplayName("is clean under helm lint --strict")
  void lintsStrictly(String chart, Environment environment) {
    ChartLint.LintReport report = ChartLint.lint(ChartMatrix.LAYOUT.chart(chart), ChartMatrix.valuesFiles(chart, environment));
    assertThat(report.failed()).as("helm lint --strict of %s [%s]: %s", chart, environment, report.messages()).isFalse();
    assertThat(report.messages()).as("lint messages of %s [%s]", chart, environment)
        .noneMatch(message -> message.contains("[WARNING]") || message.contains("[ERROR]"));
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("cases")
  @DisplayName("runs every pod under the restricted Pod Security Standard without a service account token")
  void podsAreRestricted(String chart, Environment environment) {
    assertThat(ChartMatrix.render(chart, environment)).podsMeetRestrictedPodSecurity().podsDoNotMountServiceAccountTokens();
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("cases")
  @DisplayName("labels every object with the recommended labels")
  void labelsEveryObject(String chart, Environment environment) {
    assertThat(ChartMatrix.render(chart, environment)).everyObjectHasRecommendedLabels();
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("cases")
  @DisplayName("pins every image, sets requests and limits, and probes every serving container")
  void containersArePinnedSizedAndProbed(String chart, Environment environment) {
    List<String> problems = new ArrayList<>();
    for (Workload workload : ChartMatrix.render(chart, environment).workloads()) {
      List<Container> containers = new ArrayList<>(workload.template().getSpec().getContainers());
      if (workload.template().getSpec().getInitContainers() != null) {
        containers.addAll(workload.template().getSpec().getInitContainers());
      }
      for (Container container : containers) {
        String where = workload.object().id() + " container " + container.getName();
        String image = container.getImage();
        if (image.endsWith(":latest") || !image.substring(image.lastIndexOf('/') + 1).matches(".+[:@].+")) {
          problems.add(where + " image " + image + " is not pinned");
        }
        Map<String, ?> requests = container.getResources() == null ? null : container.getResources().getRequests();
        Map<String, ?> limits = container.getResources() == null ? null : container.getResources().getLimits();
        if (requests == null || !requests.keySet().containsAll(List.of("cpu", "memory"))
            || limits == null || !limits.keySet().containsAll(List.of("cpu", "memory"))) {
          problems.add(where + " lacks cpu/memory requests or limits: " + container.getResources());
        }
      }
      if (!workload.runsToCompletion()) {
        workload.template().getSpec().getContainers().stream().filter(c -> c.getReadinessProbe() == null)
            .forEach(c -> problems.add(workload.object().id() + " container " + c.getName() + " has no readiness probe"));
      }
    }
    assertThat(problems).as("container problems in %s [%s]", chart, environment).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.chartharness.charts.EveryChartTest#charts")
  @DisplayName("has a values.schema.json that refuses unknown keys at every level it owns")
  void schemaIsClosed(String chart) throws IOException {
    Chart loaded = Chart.load(ChartMatrix.LAYOUT.chart(chart));
    assertThat(loaded.valuesSchema()).as("values.schema.json of %s", chart).isPresent();
    JsonNode schema = new ObjectMapper().readTree(Files.readString(loaded.valuesSchema().get()));
    List<String> open = new ArrayList<>();
    collectOpenObjects(schema, "", open);
    // global is shared with every subchart, and a dependency's block is closed by the dependency's own schema.
    open.removeIf(path -> path.equals("global") || path.startsWith("global.")
        || loaded.dependencies().stream().anyMatch(dependency -> path.equals(dependency.name()) || path.startsWith(dependency.name() + ".")));
    assertThat(schema.path("additionalProperties").asBoolean(true)).as("top-level additionalProperties of %s", chart).isFalse();
    assertThat(open).as("objects with properties but no additionalProperties: false in %s", chart).isEmpty();
  }

  static java.util.stream.Stream<String> charts() {
    return ChartMatrix.LAYOUT.installableCharts().stream().map(Chart::name);
  }

  /** An object schema that lists properties must close itself; free-form maps list none. */
  private static void collectOpenObjects(JsonNode schema, String path, List<String> open) {
    if (schema.has("properties") && schema.path("additionalProperties").asBoolean(true)) {
      open.add(path.isEmpty() ? "(top)" : path);
    }
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      collectOpenObjects(property.getValue(), path.isEmpty() ? property.getKey() : path + "." + property.getKey(), open);
    }
  }
}
