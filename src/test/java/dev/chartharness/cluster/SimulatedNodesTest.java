package dev.chartharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("SimulatedNodes: as many fake nodes as the pods' requests need, none planned beyond 80% of pods, CPU or memory")
class SimulatedNodesTest {

  private static final long GIB = 1L << 30;

  @Nested
  @DisplayName("how many nodes")
  class Needed {

    @Test
    @DisplayName("three for a small workload or none: the local control plane's default")
    void threeAtLeast() {
      assertThat(SimulatedNodes.needed(0, 0, 0)).isEqualTo(3);
      assertThat(SimulatedNodes.needed(6, 350, 896L << 20)).isEqualTo(3);
    }

    @Test
    @DisplayName("pods: 88 a node (80% of 110), so 264 fit three and 265 need four")
    void pods() {
      assertThat(SimulatedNodes.needed(264, 0, 0)).isEqualTo(3);
      assertThat(SimulatedNodes.needed(265, 0, 0)).isEqualTo(4);
      assertThat(SimulatedNodes.needed(300, 17_500, 44_800L << 20)).as("50 copies of journal and todo in dev").isEqualTo(4);
    }

    @Test
    @DisplayName("CPU: 25.6 cores a node (80% of 32); memory: 204.8 GiB a node (80% of 256)")
    void cpuAndMemory() {
      assertThat(SimulatedNodes.needed(10, 76_800, 0)).isEqualTo(3);
      assertThat(SimulatedNodes.needed(10, 76_801, 0)).isEqualTo(4);
      assertThat(SimulatedNodes.needed(10, 0, 1024 * GIB)).isEqualTo(5);
      assertThat(SimulatedNodes.needed(10, 0, 1025 * GIB)).isEqualTo(6);
    }

    @Test
    @DisplayName("the scarcest resource decides")
    void scarcest() {
      assertThat(SimulatedNodes.needed(600, 485_000, 522L * GIB)).as("50 copies in prod: CPU decides").isEqualTo(19);
    }
  }

  @Nested
  @DisplayName("refused")
  class Refused {

    @Test
    @DisplayName("more than 245 nodes, naming the demand and the limit")
    void tooMany() {
      assertThat(SimulatedNodes.needed(245 * 88, 0, 0)).isEqualTo(245);
      assertThatThrownBy(() -> SimulatedNodes.needed(245 * 88 + 1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("21561 pods").hasMessageContaining("need 246 simulated nodes").hasMessageContaining("at most 245");
    }

    @Test
    @DisplayName("negative requests")
    void negative() {
      assertThatThrownBy(() -> SimulatedNodes.needed(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    @DisplayName("a cluster with no nodes or beyond the address range")
    void count() {
      assertThatThrownBy(() -> SimulatedNodes.objects(0)).hasMessageContaining("1 to 245");
      assertThatThrownBy(() -> SimulatedNodes.objects(246)).hasMessageContaining("1 to 245");
    }
  }

  @Test
  @DisplayName("the Node objects: kwok-node-0.., own pod ranges and addresses, zones a/b/c in turn, the capacity counted with")
  void objects() throws IOException {
    List<Node> nodes = Arrays.stream(SimulatedNodes.objects(5).split("(?m)^---$")).filter(document -> document.contains("kind: Node"))
        .map(document -> Serialization.unmarshal(document, Node.class)).toList();
    assertThat(nodes).extracting(node -> node.getMetadata().getName())
        .containsExactly("kwok-node-0", "kwok-node-1", "kwok-node-2", "kwok-node-3", "kwok-node-4");
    assertThat(nodes).extracting(node -> node.getMetadata().getLabels().get("topology.kubernetes.io/zone"))
        .containsExactly("local-a", "local-b", "local-c", "local-a", "local-b");
    assertThat(nodes).extracting(node -> node.getSpec().getPodCIDR()).doesNotHaveDuplicates().contains("10.244.4.0/24");
    assertThat(nodes).extracting(node -> node.getStatus().getAddresses().get(0).getAddress()).doesNotHaveDuplicates().contains("192.0.2.14");
    assertThat(nodes).allSatisfy(node -> {
      assertThat(node.getMetadata().getAnnotations()).containsEntry("kwok.x-k8s.io/node", "fake");
      assertThat(node.getStatus().getAllocatable().get("pods").getAmount()).isEqualTo(String.valueOf(SimulatedNodes.PODS));
      assertThat(node.getStatus().getAllocatable().get("cpu").getAmount()).isEqualTo(String.valueOf(SimulatedNodes.CPU_MILLIS / 1000));
      assertThat(node.getStatus().getAllocatable().get("memory").toString()).isEqualTo("256Gi");
    });
  }
}
