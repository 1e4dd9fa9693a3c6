package dev.chartharness.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chartharness.cluster.K3sCluster;
import dev.chartharness.render.Chart;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.VersionConstraint;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The charts say which Kubernetes versions they support, and those are the versions CI installs them on. */
@DisplayName("Every chart's kubeVersion admits the Kubernetes versions CI runs (k3s and the local control plane) and is enforced")
class SupportedKubernetesVersionsTest {

  static Stream<Chart> charts() {
    return ChartMatrix.LAYOUT.charts().stream();
  }

  /** v1.31.0+k3s1 for rancher/k3s:v1.31.0-k3s1. */
  static String k3sVersion() {
    String tag = K3sCluster.DEFAULT_IMAGE.substring(K3sCluster.DEFAULT_IMAGE.lastIndexOf(':') + 1);
    return tag.replaceFirst("-(k3s\\d+)$", "+$1");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("charts")
  void admitsWhatCiRuns(Chart chart) throws IOException {
    JsonNode metadata = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(chart.directory().resolve("Chart.yaml")));
    assertThat(metadata.path("kubeVersion").asText()).as("%s/Chart.yaml kubeVersion", chart.name()).isNotBlank();
    VersionConstraint supported = VersionConstraint.parse(metadata.path("kubeVersion").asText());
    assertThat(k3sVersion()).isEqualTo("v1.31.0+k3s1");
    assertThat(supported.allows(k3sVersion())).as("%s admits k3s %s", chart.name(), k3sVersion()).isTrue();
    assertThat(supported.allows(RenderCommand.DEFAULT_KUBE_VERSION)).as("%s admits %s", chart.name(), RenderCommand.DEFAULT_KUBE_VERSION).isTrue();
    assertThat(supported.allows("v1.30.14")).as("%s refuses a Kubernetes older than CI tests", chart.name()).isFalse();
  }

  static Stream<Chart> installableCharts() {
    return charts().filter(chart -> !chart.isLibrary());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("installableCharts")
  void enforced(Chart chart) {
    assertThatThrownBy(() -> RenderCommand.chart(chart.directory()).withKubeVersion("1.30.14").call())
        .hasMessageContaining("kubeVersion").hasMessageContaining(chart.name());
  }
}
