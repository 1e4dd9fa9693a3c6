package dev.chartharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.cluster.ClusterSelection;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("@EachCluster: which backends a run covers")
class EachClusterProviderTest {

  private static List<String> backends(ClusterSelection run) {
    return EachClusterProvider.backends(List.of("real-pods", "k3s"), run).stream().map(ClusterSelection::toString).toList();
  }

  @Test
  @DisplayName("auto and local (the suite's default) run every listed backend, in order")
  void everyBackend() {
    assertThat(backends(ClusterSelection.parse("auto"))).containsExactly("real-pods", "k3s");
    assertThat(backends(ClusterSelection.parse("local"))).containsExactly("real-pods", "k3s");
  }

  @Test
  @DisplayName("a run that names one backend narrows the class to it, a kubeconfig included")
  void narrowed() {
    assertThat(backends(ClusterSelection.parse("k3s"))).containsExactly("k3s");
    assertThat(backends(ClusterSelection.parse("kubeconfig:/tmp/cluster.yaml"))).containsExactly("kubeconfig:/tmp/cluster.yaml");
  }

  @Test
  @DisplayName("an empty list or an unknown backend is an error naming it")
  void badLists() {
    assertThatThrownBy(() -> EachClusterProvider.backends(List.of(), ClusterSelection.parse("auto"))).hasMessageContaining("no backend");
    assertThatThrownBy(() -> EachClusterProvider.backends(List.of("kind"), ClusterSelection.parse("auto"))).hasMessageContaining("unknown cluster kind");
  }
}
