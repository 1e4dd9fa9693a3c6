package dev.chartharness.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("PodRequests: what an install's pods ask the scheduler for, counted as Kubernetes counts it")
class PodRequestsTest {

  private static final long MIB = 1L << 20;

  private static Container container(String cpu, String memory) {
    return new ContainerBuilder().withName("c" + cpu + memory).withNewResources()
        .withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))).endResources().build();
  }

  @Nested
  @DisplayName("one pod")
  class OnePod {

    @Test
    @DisplayName("its containers' requests add up")
    void containersAdd() {
      PodSpec spec = new PodSpecBuilder().withContainers(container("100m", "64Mi"), container("1", "1Gi")).build();
      assertThat(PodRequests.pod(spec)).isEqualTo(new PodRequests(1, 1100, 1088 * MIB));
    }

    @Test
    @DisplayName("an init container larger than the containers' sum decides, each resource on its own")
    void initContainerDecides() {
      PodSpec spec = new PodSpecBuilder().withInitContainers(container("2", "32Mi")).withContainers(container("100m", "64Mi")).build();
      assertThat(PodRequests.pod(spec)).isEqualTo(new PodRequests(1, 2000, 64 * MIB));
    }

    @Test
    @DisplayName("a sidecar (init container with restartPolicy Always) runs beside the containers and adds to them")
    void sidecarAdds() {
      Container sidecar = new ContainerBuilder(container("50m", "16Mi")).withRestartPolicy("Always").build();
      PodSpec spec = new PodSpecBuilder().withInitContainers(sidecar).withContainers(container("100m", "64Mi")).build();
      assertThat(PodRequests.pod(spec)).isEqualTo(new PodRequests(1, 150, 80 * MIB));
    }

    @Test
    @DisplayName("limits stand for missing requests; a container with neither asks nothing")
    void limitsStandIn() {
      Container limited = new ContainerBuilder().withName("limited").withNewResources()
          .withLimits(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("128Mi"))).endResources().build();
      Container bare = new ContainerBuilder().withName("bare").build();
      assertThat(PodRequests.pod(new PodSpecBuilder().withContainers(limited, bare).build())).isEqualTo(new PodRequests(1, 250, 128 * MIB));
    }

    @Test
    @DisplayName("fractions of a millicore round up")
    void roundsUp() {
      assertThat(PodRequests.pod(new PodSpecBuilder().withContainers(container("0.0001", "1")).build())).isEqualTo(new PodRequests(1, 1, 1));
    }
  }

  @Nested
  @DisplayName("a release")
  class Release {

    private RenderedRelease render(String chart, String environment) {
      ProjectLayout layout = ProjectLayout.current();
      return RenderCommand.chart(layout.chart(chart)).withReleaseName(chart)
          .withValuesFiles(layout.environments().get(environment).valuesFiles(layout.valuesDirectory(), chart)).call();
    }

    @Test
    @DisplayName("journal: each workload's replicas (dev 1/1/1, canary 2/3/2), its three helm test pods left out")
    void journal() {
      assertThat(PodRequests.of(render("journal", "dev")).pods()).isEqualTo(3);
      assertThat(PodRequests.of(render("journal", "canary")).pods()).isEqualTo(7);
    }

    @Test
    @DisplayName("todo: the migrations Job (a post-install hook) counts, the helm test pods do not")
    void todo() {
      assertThat(PodRequests.of(render("todo", "dev")).pods()).isEqualTo(3);
      assertThat(PodRequests.of(render("todo", "prod")).pods()).isEqualTo(4);
    }
  }

  @Test
  @DisplayName("copies multiply and releases add")
  void arithmetic() {
    PodRequests copy = new PodRequests(6, 350, 896 * MIB);
    assertThat(copy.times(50)).isEqualTo(new PodRequests(300, 17_500, 44_800 * MIB));
    assertThat(PodRequests.NONE.plus(copy).plus(copy)).isEqualTo(copy.times(2));
    assertThat(copy).hasToString("6 pods, 350m CPU, 896 MiB");
  }
}
