package dev.chartharness.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.base.HostProcess;
import dev.chartharness.charts.CleanCopy;
import dev.chartharness.publish.ProvenanceException.Problem;
import dev.chartharness.publish.PublishReport.Outcome;
import dev.chartharness.publish.PublishReport.Publication;
import dev.chartharness.render.Chart;
import dev.chartharness.render.HelmCli;
import dev.chartharness.render.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("PublishCommand signedWith: a .prov beside every package in the repository, as helm package --sign writes it")
class SignedPublishTest {

  @TempDir
  static Path keys;

  static ThrowawayKey key;
  static HelmCli helm;

  @TempDir
  Path repository;

  @TempDir
  Path work;

  @BeforeAll
  static void keyAndHelm() {
    key = ThrowawayKey.generate(keys.resolve("signer"), "Chart Harness Signer <signer@example.org>", "publish passphrase");
    helm = HelmCli.locateOrBuild();
  }

  private static PublishReport publishSigned(ProjectLayout layout, Path repository) {
    return PublishCommand.charts(layout).toRepository(repository).signedWith(key.signingKey()).call();
  }

  private static List<Path> files(Path directory, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private ProjectLayout copiedLayout() throws IOException {
    CleanCopy.copy(ProjectLayout.current().chartsDirectory(), work.resolve("charts"), false);
    return new ProjectLayout(work);
  }

  /** {@code helm pull NAME/CHART --verify} through the Helm 4 CLI from the repository served over HTTP. */
  private HostProcess.Result helmPullVerified(String chart) throws IOException {
    try (RepositoryServer server = RepositoryServer.serve(repository)) {
      String name = "signed-" + server.uri().getPort();
      helm.call(work, "repo", "add", name, server.uri().toString());
      return helm.run(work, "pull", name + "/" + chart, "--verify", "--keyring", key.publicKeyring().toString(),
          "-d", Files.createTempDirectory(work, "pulled").toString());
    }
  }

  @Nested
  @DisplayName("valid")
  class Valid {

    @Test
    @DisplayName("every package gets <name>-<version>.tgz.prov beside it that verifies, and index.yaml records nothing about it, as Helm's")
    void provenanceBesideEveryPackage() throws IOException {
      ProjectLayout layout = ProjectLayout.current();
      PublishReport report = publishSigned(layout, repository);

      assertThat(report.publications()).extracting(Publication::outcome).containsOnly(Outcome.PUBLISHED);
      List<Path> archives = files(repository, ".tgz");
      assertThat(archives).extracting(archive -> archive.getFileName().toString())
          .containsExactlyInAnyOrderElementsOf(layout.charts().stream().map(chart -> chart.name() + "-" + chart.version() + ".tgz").toList());
      for (Path archive : archives) {
        assertThat(Provenance.fileFor(archive)).as("the .prov of %s", archive).isRegularFile();
        assertThat(Provenance.verify(archive, key.publicKeyring()).signer()).isEqualTo(key.userId());
      }
      assertThat(Files.readString(repository.resolve("index.yaml"))).doesNotContain(".prov").doesNotContain("provenance");
    }

    @Test
    @DisplayName("helm pull --verify through the Helm 4 CLI takes journal from the served repository with its .prov")
    void helmPullsAndVerifies() throws IOException {
      publishSigned(ProjectLayout.current(), repository);

      HostProcess.Result pulled = helmPullVerified("journal");

      assertThat(pulled.succeeded()).as("helm pull --verify: %s", pulled.tail()).isTrue();
      assertThat(pulled.output()).contains("Signed by: " + key.userId());
    }

    @Test
    @DisplayName("publishing without a key still writes no .prov at all")
    void unsignedWritesNoProvenance() throws IOException {
      PublishCommand.charts(ProjectLayout.current()).toRepository(repository).call().orThrow();

      assertThat(files(repository, ".tgz")).isNotEmpty();
      assertThat(files(repository, Provenance.EXTENSION)).isEmpty();
    }

    @Test
    @DisplayName("republishing signed charts changes nothing; versions published unsigned stay unsigned, and the report says so")
    void republishing() throws IOException {
      ProjectLayout layout = copiedLayout();
      publishSigned(layout, repository);
      Path journal = repository.resolve("journal-" + Chart.load(layout.chart("journal")).version() + ".tgz.prov");
      String signed = Files.readString(journal);

      PublishReport again = publishSigned(layout, repository);
      assertThat(again.publications()).allSatisfy(publication -> {
        assertThat(publication.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(publication.reason()).isEmpty();
      });
      assertThat(journal).hasContent(signed);

      Path unsignedRepository = work.resolve("unsigned");
      PublishCommand.charts(layout).toRepository(unsignedRepository).call().orThrow();
      PublishReport signedLater = publishSigned(layout, unsignedRepository);
      assertThat(signedLater.publications()).allSatisfy(publication -> {
        assertThat(publication.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(publication.reason()).contains("without provenance").contains("bump `version`");
      });
      assertThat(files(unsignedRepository, Provenance.EXTENSION)).isEmpty();
    }
  }

  @Nested
  @DisplayName("invalid")
  class Invalid {

    @Test
    @DisplayName("a package replaced in the repository after signing is refused by helm pull --verify and by the harness, naming it")
    void tamperedPackageInRepository() throws IOException {
      ProjectLayout layout = copiedLayout();
      publishSigned(layout, repository);
      Path journal = repository.resolve("journal-" + Chart.load(layout.chart("journal")).version() + ".tgz");
      Files.writeString(layout.chart("journal").resolve("values.yaml"), "\n# changed after signing\n",
          StandardOpenOption.APPEND);
      List<ChartArchive> repacked = PackageCommand.charts(layout).toDirectory(work.resolve("repacked")).call();
      Files.copy(repacked.stream().filter(archive -> archive.name().equals("journal")).findFirst().orElseThrow().file(), journal,
          StandardCopyOption.REPLACE_EXISTING);

      HostProcess.Result pulled = helmPullVerified("journal");

      assertThat(pulled.succeeded()).as("helm pull --verify of a tampered package").isFalse();
      assertThat(pulled.error()).contains("sha256 sum does not match for " + journal.getFileName());
      assertThatThrownBy(() -> Provenance.verify(journal, key.publicKeyring()))
          .isInstanceOfSatisfying(ProvenanceException.class, e -> assertThat(e.problem()).isEqualTo(Problem.DIGEST_MISMATCH))
          .hasMessageContaining("chart journal ");
    }
  }
}
