package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.cluster.ClusterSelection;
import dev.chartharness.cluster.DetachedCluster;
import dev.chartharness.junit.WithEphemeralCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The cluster commands end to end; each starts its own cluster, as a person running them would. */
@WithEphemeralCluster
@DisplayName("Command line: verify, up --detach and down against a real API server")
class ClusterCommandsIT {

  private record Run(int exit, String out, String err) {
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String cluster() {
    return ClusterSelection.current().toString();
  }

  @Test
  @DisplayName("verify installs todo for prod (stubbing the Secret production expects), prints every check and exits 0")
  void verifyPasses() {
    Run run = run("verify", "charts/todo", "-f", "values/prod/todo.yaml", "-f", "values/eks/todo.yaml", "--cluster", cluster(),
        // The eks StorageClass names AWS's provisioner; this cluster provisions with its own default.
        "--set", "mysql.persistence.storageClassDefinition.create=false", "--set", "mysql.persistence.storageClass=");
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("stubbed Secret todo-secrets-prod [MYSQL_PASSWORD, MYSQL_ROOT_PASSWORD, SECRET_KEY]")
        .contains("PASS job-complete Job/todo-todobackend-migrate").contains("PASS load-balancer-address Service/todo-todobackend")
        .contains("checks passed");
  }

  @Test
  @DisplayName("verify validates first: a chart whose Service selects nothing is refused naming the finding, before any cluster starts")
  void verifyRefusesValidationErrors() {
    Run run = run("verify", "src/test/resources/fixtures/service-selects-nothing", "--cluster", cluster(), "--verify-timeout", "5");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("ERROR Service/web spec.selector").contains("nothing installed")
        .doesNotContain("namespace ");
  }

  @Test
  @DisplayName("verify --ignore-validation installs it anyway, then the live check fails and the diagnosis is printed")
  void verifyFails() {
    Run run = run("verify", "src/test/resources/fixtures/service-selects-nothing", "--cluster", cluster(), "--verify-timeout", "5",
        "--ignore-validation");
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("FAIL ready-endpoints Service/web").contains("---- diagnostics for namespace");
  }

  @Test
  @DisplayName("up --detach leaves journal and todo running and verified; down removes the cluster")
  void upAndDown() {
    Run up = run("up", "--env", "dev", "--cluster", cluster(), "--detach");
    assertThat(up.exit()).as(up.out() + up.err()).isZero();
    assertThat(up.out()).contains("release journal in namespace journal").contains("release todo in namespace todo")
        .contains("route journal.localtest.me/api").contains("Job/todo-todobackend-migrate complete").contains("kubeconfig: ");
    java.util.regex.Matcher left = java.util.regex.Pattern.compile("left running as (\\S+);").matcher(up.out());
    assertThat(left.find()).as(up.out()).isTrue();
    // Other detached clusters may be on record (another run's): this one is the one up named.
    DetachedCluster cluster = DetachedCluster.all().stream().filter(candidate -> candidate.name().equals(left.group(1))).findFirst().orElseThrow();

    Run down = run("down", cluster.name());
    assertThat(down.exit()).isZero();
    assertThat(down.out()).contains("removed " + cluster.backend() + " cluster " + cluster.name());
    assertThat(DetachedCluster.all()).noneMatch(remaining -> remaining.name().equals(cluster.name()));
    assertThat(Files.exists(cluster.kubeconfig())).isFalse();
  }
}
