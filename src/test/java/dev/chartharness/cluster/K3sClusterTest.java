package dev.chartharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("K3sCluster's decisions that need no Docker: privileged mode, owners of containers")
class K3sClusterTest {

  @Test
  @DisplayName("privileged mode fails where the bounding set lacks CAP_SYS_RESOURCE (bit 24), as on this kind of VM")
  void boundingSet() {
    String vm = "Name:\tjava\nCapInh:\t0000000000000000\nCapBnd:\t000001fffeffffff\nCapAmb:\t0000000000000000\n";
    String full = "Name:\tjava\nCapBnd:\t000001ffffffffff\n";
    assertThat(K3sCluster.boundingSetHas(vm, 24)).isFalse();
    assertThat(K3sCluster.boundingSetHas(vm, 23)).isTrue();
    assertThat(K3sCluster.boundingSetHas(full, 24)).isTrue();
    assertThatThrownBy(() -> K3sCluster.boundingSetHas("Name:\tjava\n", 24)).hasMessageContaining("CapBnd");
  }

  @Test
  @DisplayName("-Dharness.k3s.privileged decides over the detection")
  void privilegedProperty() {
    try {
      System.setProperty("harness.k3s.privileged", "true");
      assertThat(K3sCluster.privilegedFails()).isFalse();
      System.setProperty("harness.k3s.privileged", "false");
      assertThat(K3sCluster.privilegedFails()).isTrue();
    } finally {
      System.clearProperty("harness.k3s.privileged");
    }
  }

  @Test
  @DisplayName("a container's owner is alive only while that very process runs: a dead pid, or a reused one, is not")
  void owners() throws IOException, InterruptedException {
    assertThat(K3sCluster.ownerAlive(K3sCluster.owner(ProcessHandle.current()))).isTrue();
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    String owner = K3sCluster.owner(sleeper.toHandle());
    assertThat(K3sCluster.ownerAlive(owner)).isTrue();
    // The same pid with another start time is another process.
    assertThat(K3sCluster.ownerAlive(sleeper.pid() + "@1")).isFalse();
    sleeper.destroyForcibly();
    sleeper.waitFor(10, TimeUnit.SECONDS);
    assertThat(K3sCluster.ownerAlive(owner)).isFalse();
    assertThat(K3sCluster.ownerAlive("not-a-pid")).isFalse();
  }
}
