package dev.chartharness.publish;

import static dev.chartharness.assertj.ChartAssertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.chartharness.charts.ChartMatrix;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.junit.TestNamespace;
import dev.chartharness.junit.WithEphemeralCluster;
import dev.chartharness.render.Chart;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.install.ReleaseInstall;
import dev.chartharness.verify.VerifyCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithEphemeralCluster(namespacePrefix = "published")
@DisplayName("What publish produces installs: journal from a chart repository over HTTP, todo from an OCI registry")
class InstallPublishedChartsIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private static String version(String chart) {
    return Chart.load(ChartMatrix.LAYOUT.chart(chart)).version();
  }

  @Test
  @DisplayName("journal installs from the repository index served over HTTP and verifies")
  void journalFromChartRepository(EphemeralCluster cluster, @TestNamespace String namespace, @TempDir Path work) throws IOException {
    Path repository = work.resolve("repository");
    PublishCommand.charts(ChartMatrix.LAYOUT).toRepository(repository).call().orThrow();
    try (RepositoryServer server = RepositoryServer.serve(repository)) {
      Path repositories = work.resolve("repositories.yaml");
      Helm.repo().add().withRepositoryConfig(repositories).withName("harness-published").withUrl(server.uri()).call();
      InstalledRelease release = ReleaseInstall.reference("harness-published/journal").withVersion(version("journal"))
          .withRepositoryConfig(repositories).into(cluster, namespace).withReleaseName("journal")
          .withValuesFiles(ChartMatrix.valuesFiles("journal", ChartMatrix.environment("dev"))).withTimeout(TIMEOUT).install();
      assertThat(VerifyCommand.release(release, cluster).call()).isVerified()
          .routes("journal", "journal.localtest.me/api", "journal-frontend", 8080)
          .routes("journal", "journal.localtest.me/", "journal-fileserver", 80);
    }
  }

  @Test
  @DisplayName("todo installs from oci:// after a push to a real registry and verifies")
  void todoFromOciRegistry(EphemeralCluster cluster, @TestNamespace String namespace) throws IOException {
    try (LocalRegistry registry = LocalRegistry.start(ChartMatrix.LAYOUT)) {
      PublishCommand.charts(ChartMatrix.LAYOUT).toOci(registry.uri("charts")).plainHttp().call().orThrow();
      InstalledRelease release = ReleaseInstall.reference(registry.uri("charts/todo").toString()).withVersion(version("todo")).plainHttp()
          .into(cluster, namespace).withReleaseName("todo")
          .withValuesFiles(ChartMatrix.valuesFiles("todo", ChartMatrix.environment("dev"))).withTimeout(TIMEOUT).install();
      assertThat(VerifyCommand.release(release, cluster).call()).isVerified()
          .passed("job-complete", "Job/todo-todobackend-migrate")
          .passed("claim-bound", "PersistentVolumeClaim/todo-mysql-data");
    }
  }
}
