package dev.chartharness.verify;

import static dev.chartharness.assertj.ChartAssertions.assertThat;

import dev.chartharness.charts.ChartMatrix;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.junit.EachCluster;
import dev.chartharness.junit.TestNamespace;
import dev.chartharness.junit.WithEphemeralCluster;
import dev.chartharness.render.Environment;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@EachCluster({"local", "k3s"})
@WithEphemeralCluster(namespacePrefix = "install")
@DisplayName("journal and todo go through the pipeline for every environment: validated, installed with --wait, verified live, helm test run;"
    + " on simulated nodes (Kubernetes 1.36) and on k3s with real pods (1.31)")
class ApplicationInstallIT {

  // Every case runs beside another (two workers), each in its namespace; cases whose Ingress hosts are the same (prod
  // and eks) never overlap: ApplicationEnvironments.verify holds the hosts until its release is gone.

  static Stream<Environment> environments() {
    return ChartMatrix.environments();
  }

  @ParameterizedTest(name = "journal [{0}]")
  @Execution(ExecutionMode.CONCURRENT)
  @MethodSource("environments")
  @DisplayName("journal: ready endpoints on every Service, /api -> frontend and / -> fileserver, redis-0..n with bound claims")
  void journal(Environment environment, EphemeralCluster cluster, @TestNamespace String namespace) throws Exception {
    VerificationReport report = ApplicationEnvironments.verify(cluster, namespace, "journal", environment);
    String host = switch (environment.name()) {
      case "dev" -> "journal.localtest.me";
      case "canary" -> "journal-canary.example.com";
      case "prod", "eks" -> "journal.example.com";
      default -> "journal.local";
    };
    assertThat(report).isVerified()
        .passed("ready-endpoints", "Service/journal-frontend")
        .passed("ready-endpoints", "Service/journal-redis-headless")
        .passed("statefulset-pods", "StatefulSet/journal-redis")
        .routes("journal", host + "/api", "journal-frontend", 8080)
        .routes("journal", host + "/", "journal-fileserver", 80)
        .passed("helm-test", "Pod/journal-test-api")
        .passed("helm-test", "Pod/journal-test-fileserver")
        .passed("helm-test", "Pod/journal-test-redis")
        .ranNotesCommand("rollout status deployment/journal-frontend")
        .ranNotesCommand("rollout status statefulset/journal-redis")
        .ranNotesCommand("get endpointslices");
    if (cluster.capabilities().runsRealPods()) {
      assertThat(report).ranNotesCommand("port-forward service/journal-fileserver").ranNotesCommand("exec -it journal-redis-0");
    }
  }

  @ParameterizedTest(name = "todo [{0}]")
  @Execution(ExecutionMode.CONCURRENT)
  @MethodSource("environments")
  @DisplayName("todo: the migrations hook Job completes, the API and database have ready endpoints, the data claim binds")
  void todo(Environment environment, EphemeralCluster cluster, @TestNamespace String namespace) throws Exception {
    VerificationReport report = ApplicationEnvironments.verify(cluster, namespace, "todo", environment);
    assertThat(report).isVerified()
        .passed("job-complete", "Job/todo-todobackend-migrate")
        .passed("ready-endpoints", "Service/todo-todobackend")
        .passed("ready-endpoints", "Service/todo-mysql")
        .passed("claim-bound", "PersistentVolumeClaim/todo-mysql-data")
        .passed("helm-test", "Pod/todo-test-api")
        .passed("helm-test", "Pod/todo-test-mysql")
        .ranNotesCommand("rollout status deployment/todo-todobackend");
    if (cluster.capabilities().runsRealPods()) {
      assertThat(report).ranNotesCommand("logs job/todo-todobackend-migrate").ranNotesCommand("exec -it deploy/todo-mysql");
    }
  }
}
