package dev.chartharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ClusterSelection: which backend a run asked for")
class ClusterSelectionTest {

  @Test
  @DisplayName("parses every backend, kubeconfig with its path")
  void parses() {
    assertThat(ClusterSelection.parse("local").kind()).isEqualTo(ClusterSelection.Kind.LOCAL);
    assertThat(ClusterSelection.parse("K3S").kind()).isEqualTo(ClusterSelection.Kind.K3S);
    assertThat(ClusterSelection.parse("real-pods").kind()).isEqualTo(ClusterSelection.Kind.REAL_PODS);
    assertThat(ClusterSelection.parse("real-pods")).hasToString("real-pods");
    assertThat(ClusterSelection.parse("auto").kind()).isEqualTo(ClusterSelection.Kind.AUTO);
    assertThat(ClusterSelection.parse("kubeconfig:/tmp/kind.yaml")).isEqualTo(new ClusterSelection(ClusterSelection.Kind.KUBECONFIG, Path.of("/tmp/kind.yaml")));
  }

  @Test
  @DisplayName("only none leaves clusters out")
  void noneLeavesClustersOut() {
    assertThat(ClusterSelection.parse("none").leavesClustersOut()).isTrue();
    assertThat(ClusterSelection.parse("auto").leavesClustersOut()).isFalse();
  }

  @Test
  @DisplayName("an unknown backend names itself and the choices")
  void unknown() {
    assertThatThrownBy(() -> ClusterSelection.parse("kind")).hasMessageContaining("kind").hasMessageContaining("local, real-pods, k3s, kubeconfig:PATH");
  }

  @Test
  @DisplayName("tests needing real containers get the real-pods backend unless the run chose one with real pods")
  void forRealPods() {
    assertThat(ClusterSelection.parse("auto").forRealPods().kind()).isEqualTo(ClusterSelection.Kind.REAL_PODS);
    assertThat(ClusterSelection.parse("local").forRealPods().kind()).isEqualTo(ClusterSelection.Kind.REAL_PODS);
    assertThat(ClusterSelection.parse("k3s").forRealPods().kind()).isEqualTo(ClusterSelection.Kind.K3S);
    assertThat(ClusterSelection.parse("kubeconfig:/tmp/kind.yaml").forRealPods()).isEqualTo(ClusterSelection.parse("kubeconfig:/tmp/kind.yaml"));
    assertThat(ClusterSelection.parse("none").forRealPods().leavesClustersOut()).isTrue();
  }

  @Test
  @DisplayName("none refuses to make a cluster, saying why")
  void noneRefuses() {
    assertThatThrownBy(() -> ClusterSelection.parse("none").newCluster()).isInstanceOf(ClusterUnavailableException.class).hasMessageContaining("none");
  }

  @Test
  @DisplayName("the main job runs the most real backend the machine allows, and says why")
  void mainJob() {
    ClusterSelection auto = ClusterSelection.parse("auto");
    assertThat(auto.choose(true, true).selection().kind()).isEqualTo(ClusterSelection.Kind.REAL_PODS);
    assertThat(auto.choose(true, true).reason()).contains("Linux and root");
    assertThat(auto.choose(false, true).selection().kind()).isEqualTo(ClusterSelection.Kind.K3S);
    assertThat(auto.choose(false, false).selection().kind()).isEqualTo(ClusterSelection.Kind.LOCAL);
    assertThat(auto.choose(false, false).reason()).contains("real pods need Linux and root", "simulated pods");
    assertThat(ClusterSelection.parse("local").choose(true, true).selection().kind()).as("asked for").isEqualTo(ClusterSelection.Kind.LOCAL);
  }
}
