package dev.chartharness.base;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Readiness: pure checks over one snapshot")
class ReadinessTest {

  @Nested
  @DisplayName("EndpointSlices")
  class Endpoints {
    private final EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withName("web-abc").endMetadata()
        .addNewPort().withName("http").withPort(8080).endPort()
        .addNewEndpoint().withAddresses("10.0.0.1").withNewConditions().withReady(true).endConditions().endEndpoint()
        .addNewEndpoint().withAddresses("10.0.0.2").withNewConditions().withReady(false).endConditions().endEndpoint()
        .addNewEndpoint().withAddresses("10.0.0.3").endEndpoint()
        .build();

    @Test
    @DisplayName("counts ready endpoints, and unset readiness as ready as the API defines")
    void readyAddresses() {
      assertThat(Readiness.readyAddresses(slice)).containsExactly("10.0.0.1", "10.0.0.3");
    }

    @Test
    @DisplayName("knows which Service port a slice serves")
    void servesPort() {
      assertThat(Readiness.servesPort(slice, "http")).isTrue();
      assertThat(Readiness.servesPort(slice, "metrics")).isFalse();
    }
  }

  @Nested
  @DisplayName("Jobs")
  class Jobs {
    @Test
    @DisplayName("a Complete condition is completion; a Failed one is a failure naming the Job and reason")
    void completeAndFailed() {
      Job complete = new JobBuilder().withNewMetadata().withName("migrate").endMetadata().withNewStatus()
          .addNewCondition().withType("Complete").withStatus("True").endCondition().endStatus().build();
      Job failed = new JobBuilder().withNewMetadata().withName("migrate").endMetadata().withNewStatus()
          .addNewCondition().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded").endCondition().endStatus().build();
      assertThat(Readiness.isComplete(complete)).isTrue();
      assertThat(Readiness.failure(complete)).isEmpty();
      assertThat(Readiness.isComplete(failed)).isFalse();
      assertThat(Readiness.failure(failed)).get().asString().contains("migrate").contains("BackoffLimitExceeded");
    }
  }

  @Nested
  @DisplayName("Pods")
  class Pods {
    @Test
    @DisplayName("ImagePullBackOff and CrashLoopBackOff are terminal, naming pod and container")
    void terminalWaitingReasons() {
      for (String reason : new String[] {"ImagePullBackOff", "CrashLoopBackOff"}) {
        Pod pod = new PodBuilder().withNewMetadata().withName("web-1").endMetadata().withNewStatus()
            .addNewContainerStatus().withName("web").withNewState().withNewWaiting().withReason(reason).endWaiting().endState().endContainerStatus()
            .endStatus().build();
        assertThat(Readiness.terminalProblem(pod)).get().asString().contains("web-1").contains("web").contains(reason);
      }
    }

    @Test
    @DisplayName("an image that will never arrive (back-off, never pulled, invalid name) ends an install's wait; a crash loop or a first pull error does not")
    void imageNeverArrives() {
      for (String reason : new String[] {"ImagePullBackOff", "ErrImageNeverPull", "InvalidImageName"}) {
        Pod pod = new PodBuilder().withNewMetadata().withName("web-1").endMetadata().withNewStatus()
            .addNewInitContainerStatus().withName("init").withImage("localhost/x:1").withNewState().withNewWaiting().withReason(reason)
            .withMessage("not present").endWaiting().endState().endInitContainerStatus().endStatus().build();
        assertThat(Readiness.imageNeverArrives(pod)).get().asString().contains("web-1", "init", "localhost/x:1", reason, "not present");
        assertThat(Readiness.terminalProblem(pod)).isPresent();
      }
      for (String reason : new String[] {"CrashLoopBackOff", "ErrImagePull", "ContainerCreating"}) {
        Pod pod = new PodBuilder().withNewMetadata().withName("web-1").endMetadata().withNewStatus()
            .addNewContainerStatus().withName("web").withNewState().withNewWaiting().withReason(reason).endWaiting().endState().endContainerStatus()
            .endStatus().build();
        assertThat(Readiness.imageNeverArrives(pod)).as(reason).isEmpty();
      }
      assertThat(Readiness.imageNeverArrives(new PodBuilder().build())).isEmpty();
    }

    @Test
    @DisplayName("an unschedulable pod is terminal; a pod still creating its container is not")
    void unschedulableButNotCreating() {
      Pod unschedulable = new PodBuilder().withNewMetadata().withName("big").endMetadata().withNewStatus()
          .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable").withMessage("0/3 nodes").endCondition()
          .endStatus().build();
      Pod creating = new PodBuilder().withNewMetadata().withName("web-1").endMetadata().withNewStatus()
          .addNewContainerStatus().withName("web").withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState().endContainerStatus()
          .endStatus().build();
      assertThat(Readiness.terminalProblem(unschedulable)).get().asString().contains("unschedulable").contains("0/3 nodes");
      assertThat(Readiness.terminalProblem(creating)).isEmpty();
    }

    @Test
    @DisplayName("a pod is ready only with a true Ready condition")
    void readyCondition() {
      Pod ready = new PodBuilder().withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build();
      Pod notReady = new PodBuilder().withNewStatus().addNewCondition().withType("Ready").withStatus("False").endCondition().endStatus().build();
      assertThat(Readiness.isReady(ready)).isTrue();
      assertThat(Readiness.isReady(notReady)).isFalse();
    }
  }
}
