package example.greeter;

import static dev.chartharness.assertj.ChartAssertions.assertThat;

import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedRelease;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("greeter renders and validates with no errors, with and without the prod values")
class GreeterChartTest {

  static final Path CHART = Path.of("charts/greeter");

  @Test
  @DisplayName("defaults: one pod, the Ingress routes / to the Service's http port")
  void defaults() {
    RenderedRelease release = RenderCommand.chart(CHART).withReleaseName("greeter").call();
    assertThat(release).hasNoErrors();
    assertThat(release).deployment("greeter-greeter").hasReplicas(1);
    assertThat(release).ingress("greeter-greeter").routes("greeter.localtest.me", "/").toService("greeter-greeter", 80);
  }

  @Test
  @DisplayName("prod values: two pods, its own host")
  void prod() {
    RenderedRelease release = RenderCommand.chart(CHART).withReleaseName("greeter").withValuesFiles(Path.of("values/prod.yaml")).call();
    assertThat(release).hasNoErrors();
    assertThat(release).deployment("greeter-greeter").hasReplicas(2);
    assertThat(release).ingress("greeter-greeter").routes("greeter.example.com", "/").toService("greeter-greeter", 80);
  }
}
