package dev.chartharness.publish;

import static dev.chartharness.assertj.ChartAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.charts.ChartMatrix;
import dev.chartharness.charts.CleanCopy;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.install.HelmBackend;
import dev.chartharness.install.HelmOperationException;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.install.ReleaseInstall;
import dev.chartharness.junit.TestNamespace;
import dev.chartharness.junit.WithEphemeralCluster;
import dev.chartharness.pipeline.ChartPipeline;
import dev.chartharness.pipeline.PipelineResult;
import dev.chartharness.render.Chart;
import dev.chartharness.render.HelmCli;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.verify.VerifyCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed charts installed with verification through the Helm 4 CLI backend ({@code helm install --verify --keyring}):
 * a package with its {@code .prov}, and a chart from a signed repository over HTTP, install and verify; a package changed
 * after signing and one signed with another key are refused naming the chart, and nothing is installed.
 */
@WithEphemeralCluster(namespacePrefix = "provenance")
@DisplayName("Installing signed charts with --verify through the Helm CLI backend: signed ones install, tampered and foreign ones do not")
class ProvenanceInstallIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir
  static Path work;

  static ThrowawayKey signer;
  static ThrowawayKey stranger;
  /** This repository's charts, published signed into a repository directory. */
  static Path repository;

  @BeforeAll
  static void publishSigned() {
    signer = ThrowawayKey.generate(work.resolve("keys/signer"), "Provenance IT <provenance-it@example.org>", "it passphrase");
    stranger = ThrowawayKey.generate(work.resolve("keys/stranger"), "Stranger <stranger@example.org>", null);
    repository = work.resolve("repository");
    PublishCommand.charts(ChartMatrix.LAYOUT).toRepository(repository).signedWith(signer.signingKey()).call().orThrow();
  }

  private static Path journalPackage() {
    return repository.resolve("journal-" + Chart.load(ChartMatrix.LAYOUT.chart("journal")).version() + ".tgz");
  }

  private static ReleaseInstall journal(Path chart, EphemeralCluster cluster, String namespace, Path keyring) {
    return ReleaseInstall.chart(chart).into(cluster, namespace).withReleaseName("journal").withBackend(HelmBackend.parse("cli"))
        .withValuesFiles(ChartMatrix.valuesFiles("journal", ChartMatrix.environment("dev"))).withTimeout(TIMEOUT)
        .verifyingProvenance(keyring);
  }

  private static void assertNoRelease(EphemeralCluster cluster, String namespace) {
    assertThat(cluster.client().secrets().inNamespace(namespace).withLabel("owner", "helm").list().getItems())
        .as("Helm's release records in %s", namespace).isEmpty();
  }

  @Test
  @DisplayName("the signed journal package goes through the pipeline (harness verify, then helm install --verify) and verifies")
  void signedPackageThroughPipeline(EphemeralCluster cluster, @TestNamespace String namespace) {
    PipelineResult result = ChartPipeline.chart(journalPackage()).withReleaseName("journal").withBackend(HelmBackend.parse("cli"))
        .withValuesFiles(ChartMatrix.valuesFiles("journal", ChartMatrix.environment("dev"))).withInstallTimeout(TIMEOUT)
        .verifyingProvenance(signer.publicKeyring()).verify(cluster, namespace);

    assertThat(result.verification()).isVerified().routes("journal", "journal.localtest.me/api", "journal-frontend", 8080);
  }

  @Test
  @DisplayName("journal from the signed repository served over HTTP: Helm downloads the .prov beside the package and verifies it")
  void signedReferenceFromRepository(EphemeralCluster cluster, @TestNamespace String namespace) throws IOException {
    try (RepositoryServer server = RepositoryServer.serve(repository)) {
      Path repositories = work.resolve("repositories-" + namespace + ".yaml");
      HelmCli.locateOrBuild().call(work, "repo", "add", "signed", server.uri().toString(), "--repository-config", repositories.toString());
      InstalledRelease release = ReleaseInstall.reference("signed/journal").withVersion(Chart.load(ChartMatrix.LAYOUT.chart("journal")).version())
          .withRepositoryConfig(repositories).into(cluster, namespace).withReleaseName("journal").withBackend(HelmBackend.parse("cli"))
          .withValuesFiles(ChartMatrix.valuesFiles("journal", ChartMatrix.environment("dev"))).withTimeout(TIMEOUT)
          .verifyingProvenance(signer.publicKeyring()).install();

      assertThat(VerifyCommand.release(release, cluster).call()).isVerified();
    }
  }

  /** A copy of the signed journal package (its .prov beside it) replaced by a package with one template added. */
  private static Path tamperedJournal(Path scratch) throws IOException {
    Path archive = scratch.resolve(journalPackage().getFileName().toString());
    Files.copy(Provenance.fileFor(journalPackage()), Provenance.fileFor(archive));
    Path changed = scratch.resolve("changed");
    CleanCopy.copy(ChartMatrix.LAYOUT.chartsDirectory(), changed.resolve("charts"), false);
    Files.writeString(changed.resolve("charts/journal/templates/_added-after-signing.tpl"), "{{/* added after signing */}}\n");
    List<ChartArchive> repacked = PackageCommand.charts(new ProjectLayout(changed)).toDirectory(scratch.resolve("repacked")).call();
    Files.copy(repacked.stream().filter(chart -> chart.name().equals("journal")).findFirst().orElseThrow().file(), archive);
    return archive;
  }

  @Test
  @DisplayName("a package changed after signing is refused by helm install --verify naming the package; nothing is installed")
  void tamperedPackage(EphemeralCluster cluster, @TestNamespace String namespace, @TempDir Path scratch) throws IOException {
    Path archive = tamperedJournal(scratch);

    assertThatThrownBy(() -> journal(archive, cluster, namespace, signer.publicKeyring()).install())
        .isInstanceOf(HelmOperationException.class).hasMessageContaining(archive.toString())
        .hasMessageContaining("sha256 sum does not match for " + archive.getFileName());
    assertNoRelease(cluster, namespace);
  }

  @Test
  @DisplayName("a package verified against another key's keyring is refused naming the package; nothing is installed")
  void wrongKey(EphemeralCluster cluster, @TestNamespace String namespace) {
    assertThatThrownBy(() -> journal(journalPackage(), cluster, namespace, stranger.publicKeyring()).install())
        .isInstanceOf(HelmOperationException.class).hasMessageContaining(journalPackage().toString())
        .hasMessageContaining("signature made by unknown entity");
    assertNoRelease(cluster, namespace);
  }

  @Test
  @DisplayName("through the pipeline, a tampered package fails naming the chart before anything is rendered or installed")
  void tamperedPackageThroughPipeline(EphemeralCluster cluster, @TestNamespace String namespace, @TempDir Path scratch) throws IOException {
    Path archive = tamperedJournal(scratch);

    assertThatThrownBy(() -> ChartPipeline.chart(archive).withBackend(HelmBackend.parse("cli")).verifyingProvenance(signer.publicKeyring())
        .verify(cluster, namespace)).isInstanceOf(ProvenanceException.class).hasMessageContaining("chart journal ")
        .hasMessageContaining("changed after it was signed");
    assertNoRelease(cluster, namespace);
  }
}
