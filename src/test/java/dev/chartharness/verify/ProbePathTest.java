package dev.chartharness.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("VerifyCommand.probePath: which path proves an ingress route reaches its backend")
class ProbePathTest {

  private static Container api(String readinessPath, Object probePort) {
    ContainerBuilder builder = new ContainerBuilder().withName("frontend").addNewPort().withName("http").withContainerPort(8080).endPort();
    IntOrString port = probePort instanceof Integer number ? new IntOrString(number) : new IntOrString((String) probePort);
    return builder.withNewReadinessProbe().withNewHttpGet().withPath(readinessPath).withPort(port).endHttpGet().endReadinessProbe()
        .withNewLivenessProbe().withNewHttpGet().withPath("/healthz").withPort(port).endHttpGet().endLivenessProbe().build();
  }

  @Test
  @DisplayName("the readiness probe's path when it lies under the route, on the port the Service targets (by name or number)")
  void readinessUnderRoute() {
    assertThat(VerifyCommand.probePath(api("/api/health", "http"), new IntOrString("http"), "/api")).contains("/api/health");
    assertThat(VerifyCommand.probePath(api("/api/health", 8080), new IntOrString("http"), "/api")).contains("/api/health");
    assertThat(VerifyCommand.probePath(api("/api/health", "http"), new IntOrString(8080), "/api/")).contains("/api/health");
  }

  @Test
  @DisplayName("falls back to the liveness probe, and to nothing when no probe is under the route or on that port")
  void fallbacks() {
    assertThat(VerifyCommand.probePath(api("/ready", "http"), new IntOrString("http"), "/")).contains("/ready");
    assertThat(VerifyCommand.probePath(api("/ready", "http"), new IntOrString("http"), "/api")).isEmpty();
    assertThat(VerifyCommand.probePath(api("/api/health", "http"), new IntOrString(9090), "/api")).isEmpty();
    assertThat(VerifyCommand.probePath(api("/apiary", "http"), new IntOrString("http"), "/api")).isEmpty();
    assertThat(VerifyCommand.probePath(new ContainerBuilder().withName("bare").build(), new IntOrString(80), "/")).isEmpty();
  }
}
