package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.cluster.ClusterSelection;
import dev.chartharness.pipeline.ScaleRun;
import dev.chartharness.render.ProjectLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("bench --scale: its options, checked before anything starts")
class ScaleBenchTest {

  private static ScaleBench.Options options(String... args) {
    return ScaleBench.options(Arguments.parse(List.of(args), Set.of("iterations", "cluster", "scale", "workers", "env", "helm"), Set.of("no-cluster")),
        ProjectLayout.current());
  }

  @Nested
  @DisplayName("Valid")
  class Valid {

    @Test
    @DisplayName("--scale 1,10,50: the N of each row in the order given, spaces allowed")
    void copies() {
      assertThat(ScaleBench.copies("1,10,50")).containsExactly(1, 10, 50);
      assertThat(ScaleBench.copies(" 5 , 2")).containsExactly(5, 2);
      assertThat(ScaleBench.copies("3")).containsExactly(3);
    }

    @Test
    @DisplayName("defaults: 4 workers, dev values, the local control plane, the run's Helm backend")
    void defaults() {
      ScaleBench.Options options = options("--scale", "1,2");
      assertThat(options.copies()).containsExactly(1, 2);
      assertThat(options.workers()).isEqualTo(ScaleRun.DEFAULT_WORKERS).isEqualTo(4);
      assertThat(options.environment().name()).isEqualTo("dev");
      assertThat(options.selection().kind()).isEqualTo(ClusterSelection.Kind.LOCAL);
      assertThat(options.helm()).isEmpty();
    }

    @Test
    @DisplayName("--workers, --env, --helm and an existing cluster from a kubeconfig")
    void given() {
      ScaleBench.Options options = options("--scale", "10", "--workers", "8", "--env", "prod", "--cluster", "kubeconfig:/tmp/kind.yaml", "--helm", "cli");
      assertThat(options.workers()).isEqualTo(8);
      assertThat(options.environment().name()).isEqualTo("prod");
      assertThat(options.selection()).isEqualTo(new ClusterSelection(ClusterSelection.Kind.KUBECONFIG, Path.of("/tmp/kind.yaml")));
      assertThat(options.helm()).contains("cli");
    }

    @Test
    @DisplayName("times read in seconds: two decimals below ten, one above")
    void seconds() {
      assertThat(ScaleBench.seconds(Duration.ofMillis(1834))).isEqualTo("1.83 s");
      assertThat(ScaleBench.seconds(Duration.ofMillis(23_449))).isEqualTo("23.4 s");
    }
  }

  @Nested
  @DisplayName("Invalid: a usage error naming the option")
  class Invalid {

    @Test
    @DisplayName("--scale with zero, a negative, a word, a fraction, an empty part or nothing")
    void copies() {
      for (String bad : List.of("0", "-1", "abc", "1.5", "1,,2", "1,", "")) {
        assertThatThrownBy(() -> ScaleBench.copies(bad)).as(bad).isInstanceOf(UsageException.class)
            .hasMessage("--scale takes positive whole numbers separated by commas (e.g. 1,10,50), got \"" + bad + "\"");
      }
    }

    @Test
    @DisplayName("--workers 0 or not a number")
    void workers() {
      assertThatThrownBy(() -> ScaleBench.workers("0")).isInstanceOf(UsageException.class).hasMessage("--workers takes a positive whole number, got \"0\"");
      assertThatThrownBy(() -> ScaleBench.workers("many")).isInstanceOf(UsageException.class).hasMessageContaining("got \"many\"");
    }

    @Test
    @DisplayName("a backend other than local or kubeconfig:PATH, or an unknown one")
    void cluster() {
      assertThatThrownBy(() -> ScaleBench.selection("k3s")).isInstanceOf(UsageException.class)
          .hasMessage("--scale runs on --cluster local or kubeconfig:PATH, not k3s");
      assertThatThrownBy(() -> ScaleBench.selection("nowhere")).isInstanceOf(UsageException.class).hasMessageContaining("--cluster: unknown cluster nowhere");
    }

    @Test
    @DisplayName("an environment values/environments.yaml does not define")
    void environment() {
      assertThatThrownBy(() -> options("--scale", "1", "--env", "staging")).isInstanceOf(UsageException.class)
          .hasMessageContaining("--env: unknown environment staging");
    }

    @Test
    @DisplayName("the render bench's options beside --scale")
    void renderOptions() {
      assertThatThrownBy(() -> options("--scale", "1", "--iterations", "3")).isInstanceOf(UsageException.class)
          .hasMessage("--iterations is for the render bench; --scale runs only the scale part");
      assertThatThrownBy(() -> options("--scale", "1", "--no-cluster")).isInstanceOf(UsageException.class).hasMessageContaining("--no-cluster");
    }
  }
}
