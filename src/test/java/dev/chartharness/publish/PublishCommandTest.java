package dev.chartharness.publish;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import dev.chartharness.publish.PublishReport.Outcome;
import dev.chartharness.publish.PublishReport.Publication;
import dev.chartharness.render.Chart;
import dev.chartharness.render.ManifestParser;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.render.RenderedObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("PublishCommand: every chart packaged into a chart repository, each version published once")
class PublishCommandTest {

  @TempDir
  Path repository;

  @TempDir
  Path copy;

  /** A copy of this repository's charts, to change without touching the real ones. */
  private ProjectLayout copiedLayout() {
    Path source = ProjectLayout.current().chartsDirectory();
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path target = copy.resolve("charts").resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ProjectLayout(copy);
  }

  private static PublishReport publish(ProjectLayout layout, Path repository) {
    return PublishCommand.charts(layout).toRepository(repository).call();
  }

  private static Map<String, Outcome> outcomes(PublishReport report) {
    return report.publications().stream().collect(Collectors.toMap(Publication::chart, Publication::outcome));
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, Files.readString(file) + text);
  }

  private static void setVersion(Path chartYaml, String version) throws IOException {
    Files.writeString(chartYaml, Files.readString(chartYaml).replaceFirst("(?m)^version: .*$", "version: " + version));
  }

  @Nested
  @DisplayName("valid")
  class Valid {

    @Test
    @DisplayName("every chart, the library and both applications included, is in the index with the SHA-256 of its archive")
    void indexListsEveryChart() {
      ProjectLayout layout = ProjectLayout.current();
      PublishReport report = publish(layout, repository);

      RepositoryIndex index = RepositoryIndex.read(repository.resolve("index.yaml"));
      List<String> charts = layout.charts().stream().map(Chart::name).toList();
      assertThat(charts).contains("common", "journal", "todo", "frontend", "redis", "fileserver", "todobackend", "mysql");
      assertThat(index.entries().keySet()).containsExactlyInAnyOrderElementsOf(charts);
      for (Chart chart : layout.charts()) {
        IndexEntry entry = index.entry(chart.name(), chart.version()).orElseThrow();
        Path archive = repository.resolve(chart.name() + "-" + chart.version() + ".tgz");
        assertThat(entry.digest()).as("digest of %s", archive).isEqualTo(ArchiveContent.fileDigest(archive));
        assertThat(entry.urls()).containsExactly(archive.getFileName().toString());
        assertThat(entry.type()).isEqualTo(chart.type());
      }
      assertThat(index.generated()).isPresent();
      assertThat(report.publications()).extracting(Publication::outcome).containsOnly(Outcome.PUBLISHED);
    }

    @Test
    @DisplayName("artifacthub-repo.yml names the charts' maintainers as owners, and one the repository already has is kept")
    void artifactHubRepositoryMetadata() throws IOException {
      publish(ProjectLayout.current(), repository);
      Path metadata = repository.resolve("artifacthub-repo.yml");
      JsonNode written = new ObjectMapper(new YAMLFactory()).readTree(metadata.toFile());
      assertThat(written.path("owners")).extracting(owner -> owner.path("name").asText()).containsExactly("chart-harness maintainers");

      Files.writeString(metadata, "repositoryID: 00000000-0000-0000-0000-000000000000\nowners: []\n");
      publish(ProjectLayout.current(), repository);
      assertThat(Files.readString(metadata)).as("the owner's own file").startsWith("repositoryID: 00000000");
    }

    @Test
    @DisplayName("Helm reads the written repository over HTTP and renders journal from it")
    void helmInstallsFromRepository() throws IOException {
      publish(copiedLayout(), repository);
      try (RepositoryServer server = RepositoryServer.serve(repository)) {
        Path repositoryConfig = copy.resolve("repositories.yaml");
        String name = "chart-harness-" + server.uri().getPort();
        Helm.repo().add().withRepositoryConfig(repositoryConfig).withName(name).withUrl(server.uri()).call();
        String manifest = Helm.template(name + "/journal").withVersion("0.2.2").withRepositoryConfig(repositoryConfig)
            // A given password keeps the chart's lookup from reaching for a cluster, which helm-java's template would do.
            .withName("journal").withKubeVersion(RenderCommand.DEFAULT_KUBE_VERSION).set("redis.auth.password", "given").call();
        assertThat(ManifestParser.parse(manifest).objects()).extracting(RenderedObject::kind).contains("StatefulSet", "Deployment", "Ingress");
      }
    }

    @Test
    @DisplayName("an application's entry lists its dependencies, and a base URL prefixes the download URL")
    void applicationEntry() {
      PublishCommand.charts(copiedLayout()).toRepository(repository).withUrl("https://charts.example.org/stable/").call();
      IndexEntry journal = RepositoryIndex.read(repository.resolve("index.yaml")).versions("journal").get(0);
      assertThat(journal.dependencies()).extracting(dependency -> dependency.name())
          .containsExactly("common", "frontend", "redis", "fileserver");
      assertThat(journal.urls()).containsExactly("https://charts.example.org/stable/journal-" + journal.version() + ".tgz");
    }

    @Test
    @DisplayName("packaging the same chart twice gives the same content digest, whatever the archive bytes")
    void contentDigestIgnoresPackingTime() throws Exception {
      ProjectLayout layout = copiedLayout();
      ChartArchive first = PackageCommand.charts(layout).toDirectory(repository.resolve("first")).call().stream()
          .filter(archive -> archive.name().equals("journal")).findFirst().orElseThrow();
      Thread.sleep(1100);
      ChartArchive second = PackageCommand.charts(layout).toDirectory(repository.resolve("second")).call().stream()
          .filter(archive -> archive.name().equals("journal")).findFirst().orElseThrow();
      assertThat(second.contentDigest()).isEqualTo(first.contentDigest());
    }

    @Test
    @DisplayName("republishing unchanged charts reports every chart unchanged and keeps the index entries")
    void republishIsUnchanged() {
      ProjectLayout layout = copiedLayout();
      publish(layout, repository);
      RepositoryIndex before = RepositoryIndex.read(repository.resolve("index.yaml"));

      PublishReport again = publish(layout, repository);

      assertThat(again.publications()).hasSize(layout.charts().size())
          .extracting(Publication::outcome).containsOnly(Outcome.UNCHANGED);
      assertThat(RepositoryIndex.read(repository.resolve("index.yaml")).entries()).isEqualTo(before.entries());
    }

    @Test
    @DisplayName("a changed chart with a bumped version is published and its older version stays in the index")
    void bumpedVersionIsPublished() throws IOException {
      ProjectLayout layout = copiedLayout();
      publish(layout, repository);
      append(layout.chart("todo").resolve("values.yaml"), "\n# a change\n");
      setVersion(layout.chart("todo").resolve("Chart.yaml"), "0.3.0");

      PublishReport report = publish(layout, repository);

      assertThat(outcomes(report)).containsEntry("todo", Outcome.PUBLISHED).containsEntry("journal", Outcome.UNCHANGED);
      assertThat(RepositoryIndex.read(repository.resolve("index.yaml")).versions("todo"))
          .extracting(IndexEntry::version).containsExactly("0.3.0", "0.2.2");
      assertThat(repository.resolve("todo-0.2.2.tgz")).exists();
      assertThat(repository.resolve("todo-0.2.2.tgz")).exists();
    }
  }

  @Nested
  @DisplayName("invalid")
  class Invalid {

    @Test
    @DisplayName("a changed chart whose version was not bumped is refused, naming chart, version and Chart.yaml")
    void changedContentSameVersionIsRefused() throws IOException {
      ProjectLayout layout = copiedLayout();
      publish(layout, repository);
      String version = Chart.load(layout.chart("todo")).version();
      append(layout.chart("todo").resolve("values.yaml"), "\n# a change\n");

      PublishReport report = publish(layout, repository);

      assertThat(report.refused()).singleElement().satisfies(todo -> {
        assertThat(todo.chart()).isEqualTo("todo");
        assertThat(todo.version()).isEqualTo(version);
        assertThat(todo.reason()).contains("bump `version`").contains(layout.chart("todo").resolve("Chart.yaml").toString());
      });
      assertThatThrownBy(report::orThrow).isInstanceOf(PublishException.class)
          .hasMessageContaining("todo " + version).hasMessageContaining("bump `version`");
    }

    @Test
    @DisplayName("a changed component also refuses the application that embeds it, and leaves the others unchanged")
    void changedComponentRefusesItsApplication() throws IOException {
      ProjectLayout layout = copiedLayout();
      publish(layout, repository);
      append(layout.chart("redis").resolve("values.yaml"), "\n# a change\n");

      Map<String, Outcome> outcomes = outcomes(publish(layout, repository));

      assertThat(outcomes).containsEntry("redis", Outcome.REFUSED).containsEntry("journal", Outcome.REFUSED)
          .containsEntry("todo", Outcome.UNCHANGED).containsEntry("frontend", Outcome.UNCHANGED);
    }

    @Test
    @DisplayName("publishing is all or nothing: a refused chart keeps a correctly bumped one out too, and the index is not rewritten")
    void allOrNothing() throws IOException {
      ProjectLayout layout = copiedLayout();
      publish(layout, repository);
      String index = Files.readString(repository.resolve("index.yaml"));
      append(layout.chart("todo").resolve("values.yaml"), "\n# a change without a bump\n");
      append(layout.chart("fileserver").resolve("values.yaml"), "\n# a change with a bump\n");
      setVersion(layout.chart("fileserver").resolve("Chart.yaml"), "0.2.3");
      Path journalChart = layout.chart("journal").resolve("Chart.yaml");
      Files.writeString(journalChart, Files.readString(journalChart).replace("name: fileserver\n    version: 0.2.2", "name: fileserver\n    version: 0.2.3"));
      setVersion(journalChart, "0.2.3");

      PublishReport report = publish(layout, repository);

      assertThat(outcomes(report)).containsEntry("todo", Outcome.REFUSED).containsEntry("fileserver", Outcome.REFUSED)
          .containsEntry("journal", Outcome.REFUSED).containsEntry("redis", Outcome.UNCHANGED);
      assertThat(report.refused()).filteredOn(publication -> publication.chart().equals("fileserver")).singleElement()
          .satisfies(fileserver -> assertThat(fileserver.reason()).contains("publishing is all or nothing").contains("todo"));
      assertThat(repository.resolve("fileserver-0.2.3.tgz")).doesNotExist();
      assertThat(repository.resolve("journal-0.2.3.tgz")).doesNotExist();
      assertThat(Files.readString(repository.resolve("index.yaml"))).isEqualTo(index);
    }

    @Test
    @DisplayName("a refused chart writes nothing: the repository keeps the published archive and its index entry")
    void refusedWritesNothing() throws IOException {
      ProjectLayout layout = copiedLayout();
      publish(layout, repository);
      Path archive = repository.resolve("redis-0.2.2.tgz");
      byte[] published = Files.readAllBytes(archive);
      RepositoryIndex before = RepositoryIndex.read(repository.resolve("index.yaml"));
      append(layout.chart("redis").resolve("values.yaml"), "\n# a change\n");

      publish(layout, repository);

      assertThat(archive).hasBinaryContent(published);
      assertThat(RepositoryIndex.read(repository.resolve("index.yaml")).versions("redis")).isEqualTo(before.versions("redis"));
    }
  }
}
