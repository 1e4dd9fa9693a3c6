package dev.chartharness;

import static dev.chartharness.assertj.ChartAssertions.assertThat;

import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.junit.TestNamespace;
import dev.chartharness.junit.WithEphemeralCluster;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.install.ReleaseInstall;
import dev.chartharness.verify.VerifyCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's cluster test example, compiled and run as written. */
@WithEphemeralCluster
@DisplayName("README: the cluster test example works as written")
class ReadmeExampleIT {

  @Test
  @DisplayName("journal installs and its /api route reaches the frontend")
  void installs(EphemeralCluster cluster, @TestNamespace String namespace) {
    InstalledRelease release = ReleaseInstall.chart(Path.of("charts/journal")).into(cluster, namespace)
        .withReleaseName("journal").withValuesFiles(Path.of("values/dev/journal.yaml")).install();
    assertThat(VerifyCommand.release(release, cluster).call()).isVerified()
        .routes("journal", "journal.localtest.me/api", "journal-frontend", 8080);
  }
}
