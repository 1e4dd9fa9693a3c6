package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.junit.WithEphemeralCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code bench --scale} end to end on the local control plane: the table it prints and what it leaves behind (nothing). */
@WithEphemeralCluster
@DisplayName("bench --scale: N copies of journal and todo through a pool of workers, a row per N, everything removed after")
class BenchScaleIT {

  private static final Pattern CLUSTER_READY = Pattern.compile("local control plane ready: (/\\S+?)/clusters/");

  private record Run(int exit, String out, String err) {
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream standardError = System.err;
    // The local control plane reports its progress on System.err: caught too, for the directories it names.
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(standardError);
    }
  }

  @Test
  @DisplayName("--scale 1,2 on the local control plane: a fresh cluster per N, a row each that passed, the N-clusters line; both clusters gone")
  void localControlPlane() {
    Run run = run("bench", "--scale", "1,2", "--workers", "2", "--cluster", "local");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("journal and todo [dev] x N copies").contains("2 workers").contains("helm tests skipped")
        .contains("| N | releases | simulated nodes | cluster start | wall | per release | p50 | p95 | API server RSS idle -> after |")
        .containsPattern("(?m)^\\| 1 \\| 2 \\| 3 \\| [0-9.]+ s \\| [0-9.]+ s \\| [0-9.]+ s \\| [0-9.]+ s \\| [0-9.]+ s \\| \\d+ MiB -> \\d+ MiB \\(peak \\d+ MiB\\) \\| with the cluster \\| [0-9.]+ s \\| all passed \\|$")
        .containsPattern("(?m)^\\| 2 \\| 4 \\| 3 \\| .* \\| all passed \\|$")
        .contains("time per release (wall / releases): ").containsPattern("N=2: one cluster [0-9.]+ s vs 2 clusters [0-9.]+ s");
    Matcher ready = CLUSTER_READY.matcher(run.err());
    int clusters = 0;
    while (ready.find()) {
      clusters++;
      assertThat(Path.of(ready.group(1))).as("the cluster's directory, removed with it").doesNotExist();
    }
    assertThat(clusters).as("one cluster started per N").isEqualTo(2);
  }

  @Test
  @DisplayName("--scale 2 on an existing cluster (kubeconfig): 4 releases pass, their 4 namespaces are removed and none is left")
  void existingCluster(EphemeralCluster cluster) {
    Run run = run("bench", "--scale", "2", "--cluster", "kubeconfig:" + cluster.kubeconfig());
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).containsPattern("(?m)^\\| 2 \\| 4 \\| n/a \\| .* \\| 4 in [0-9.]+ s \\| n/a \\| all passed \\|$")
        .contains("one cluster vs N clusters: n/a on an existing cluster");
    assertThat(cluster.client().namespaces().list().getItems()).extracting(namespace -> namespace.getMetadata().getName())
        .noneMatch(name -> name.startsWith("scale-"));
  }
}
