package dev.chartharness.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import dev.chartharness.base.HostProcess;
import dev.chartharness.publish.PublishReport.Outcome;
import dev.chartharness.publish.PublishReport.Publication;
import dev.chartharness.render.HelmCli;
import dev.chartharness.render.ManifestParser;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.render.RenderedObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Pushes the charts to a real registry (Debian's docker-registry, started through ci/registry.sh), unsigned and signed, and reads them back. */
@DisplayName("OCI publishing: every chart pushed to a registry once, installable from oci://")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OciRegistryIT {

  private static final ProjectLayout LAYOUT = ProjectLayout.current();

  private LocalRegistry localRegistry;
  private int port;
  private URI registry;
  private PublishReport firstPush;
  private Path keyDirectory;
  private ThrowawayKey key;
  private URI signedRegistry;
  private PublishReport signedPush;

  @BeforeAll
  void startRegistryAndPushEveryChart() throws IOException {
    localRegistry = LocalRegistry.start(LAYOUT);
    port = localRegistry.port();
    registry = localRegistry.uri("charts");
    System.out.println(localRegistry.startOutput().strip());

    long pushStarted = System.nanoTime();
    firstPush = PublishCommand.charts(LAYOUT).toOci(registry).plainHttp().call();
    System.out.printf("pushed %d charts to %s in %d ms%n", firstPush.publications().size(), registry,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pushStarted));

    keyDirectory = Files.createTempDirectory("chart-harness-oci-key");
    key = ThrowawayKey.generate(keyDirectory, "OCI Signer <oci@example.org>", null);
    signedRegistry = localRegistry.uri("signed");
    signedPush = PublishCommand.charts(LAYOUT).toOci(signedRegistry).plainHttp().signedWith(key.signingKey()).call();
  }

  /** GET {@code /v2/PATH} from the registry: a manifest (by tag) or a blob (by digest). */
  private byte[] get(String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/" + path))
        .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as("GET /v2/%s", path).isEqualTo(200);
    return response.body();
  }

  /** The layers of {@code signed/NAME:VERSION}, digest by media type. */
  private Map<String, String> layers(String chart, String version) throws IOException, InterruptedException {
    Map<String, String> layers = new java.util.HashMap<>();
    for (JsonNode layer : new ObjectMapper().readTree(get("signed/" + chart + "/manifests/" + version)).path("layers")) {
      layers.put(layer.path("mediaType").asText(), layer.path("digest").asText());
    }
    return layers;
  }

  @AfterAll
  void stopRegistry() {
    if (localRegistry != null) {
      localRegistry.close();
    }
    if (keyDirectory != null) {
      dev.chartharness.base.FileTrees.delete(keyDirectory);
    }
  }

  private static final ObjectMapper YAML = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

  private static List<String> names(JsonNode people) {
    List<String> names = new java.util.ArrayList<>();
    people.forEach(person -> names.add(person.path("name").asText()));
    return names.stream().sorted().distinct().toList();
  }

  private static Map<String, Outcome> outcomes(PublishReport report) {
    return report.publications().stream().collect(Collectors.toMap(Publication::chart, Publication::outcome));
  }

  private static ProjectLayout copyWithChangedTodo(Path root) throws IOException {
    Path source = LAYOUT.chartsDirectory();
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path target = root.resolve("charts").resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
    Path values = root.resolve("charts/todo/values.yaml");
    Files.writeString(values, Files.readString(values) + "\n# a change without a version bump\n");
    return new ProjectLayout(root);
  }

  @Nested
  @DisplayName("valid")
  class Valid {

    @Test
    @DisplayName("the first push publishes every chart, library included, as PATH/<name>:<version>")
    void firstPushPublishesEveryChart() {
      assertThat(firstPush.publications()).hasSize(LAYOUT.charts().size())
          .allSatisfy(publication -> {
            assertThat(publication.outcome()).isEqualTo(Outcome.PUBLISHED);
            assertThat(publication.where()).isEqualTo("oci://127.0.0.1:" + port + "/charts/" + publication.chart() + ":" + publication.version());
          });
      assertThat(outcomes(firstPush)).containsKeys("common", "journal", "todo");
    }

    @Test
    @DisplayName("todo renders from oci:// with its todobackend and mysql objects")
    void todoRendersFromRegistry() {
      String version = LAYOUT.charts().stream().filter(chart -> chart.name().equals("todo")).findFirst().orElseThrow().version();
      String manifest = Helm.template(registry + "/todo").withVersion(version).plainHttp()
          .withName("todo").withNamespace("todo").withKubeVersion(dev.chartharness.render.RenderCommand.DEFAULT_KUBE_VERSION)
          // Given secrets keep the chart's lookups from reaching for a cluster, which helm-java's template would do.
          .set("secrets.mysqlPassword", "given").set("secrets.mysqlRootPassword", "given").set("secrets.secretKey", "given")
          .call();
      List<String> objects = ManifestParser.parse(manifest).objects().stream().map(RenderedObject::id).toList();
      assertThat(objects).contains("Deployment/todo/todo-todobackend", "Service/todo/todo-todobackend",
          "Deployment/todo/todo-mysql", "Service/todo/todo-mysql", "Secret/todo/todo-secrets");
    }

    @Test
    @DisplayName("every chart's repository holds Artifact Hub's metadata under artifacthub.io, naming the chart's maintainers as owners")
    void artifactHubMetadata() throws IOException, InterruptedException {
      for (var chart : LAYOUT.charts()) {
        JsonNode manifest = new ObjectMapper().readTree(get("charts/" + chart.name() + "/manifests/" + ArtifactHubMetadata.OCI_TAG));
        assertThat(manifest.path("config").path("mediaType").asText()).as("%s metadata config", chart.name()).isEqualTo(ArtifactHubMetadata.OCI_CONFIG);
        JsonNode layer = manifest.path("layers").get(0);
        assertThat(manifest.path("layers")).as("%s metadata layers", chart.name()).hasSize(1);
        assertThat(layer.path("mediaType").asText()).isEqualTo(ArtifactHubMetadata.OCI_LAYER);
        assertThat(layer.path("annotations").path("org.opencontainers.image.title").asText()).isEqualTo(ArtifactHubMetadata.FILE);

        JsonNode file = YAML.readTree(get("charts/" + chart.name() + "/blobs/" + layer.path("digest").asText()));
        JsonNode maintainers = YAML.readTree(chart.directory().resolve("Chart.yaml").toFile()).path("maintainers");
        assertThat(maintainers).as("%s maintainers", chart.name()).isNotEmpty();
        assertThat(names(file.path("owners"))).as("%s owners", chart.name()).isEqualTo(names(maintainers));
      }
    }

    @Test
    @DisplayName("the Helm 4 CLI still pulls the newest version by name: the artifacthub.io tag is not taken for one")
    void helmPullsNewestVersionBesideMetadata(@TempDir Path pulled) {
      String version = LAYOUT.charts().stream().filter(chart -> chart.name().equals("journal")).findFirst().orElseThrow().version();
      HostProcess.Result result = HelmCli.locateOrBuild().run(pulled, "pull", registry + "/journal", "--plain-http", "-d", pulled.toString());

      assertThat(result.succeeded()).as("helm pull without --version: %s", result.tail()).isTrue();
      assertThat(pulled.resolve("journal-" + version + ".tgz")).isRegularFile();
    }

    @Test
    @DisplayName("metadata a repository already has (an owner's, with its repositoryID) is kept; the others get theirs")
    void ownersMetadataIsKept(@TempDir Path packages) throws IOException, InterruptedException {
      URI owned = localRegistry.uri("owned");
      ChartArchive journal = PackageCommand.charts(LAYOUT).toDirectory(packages).call().stream()
          .filter(archive -> archive.name().equals("journal")).findFirst().orElseThrow();
      byte[] owners = "repositoryID: 5a7d4b2c-0000-4000-8000-000000000001\nowners:\n  - name: Someone Else\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      new OciRegistry(owned, null, null, true).pushArtifactHubMetadata(journal, "owned/journal", owners);

      assertThat(PublishCommand.charts(LAYOUT).toOci(owned).plainHttp().call().publications())
          .extracting(Publication::outcome).containsOnly(Outcome.PUBLISHED);

      assertThat(metadataFile("owned/journal")).isEqualTo(owners);
      assertThat(new String(metadataFile("owned/todo"), java.nio.charset.StandardCharsets.UTF_8)).contains("owners:").doesNotContain("repositoryID:");
    }

    private byte[] metadataFile(String repository) throws IOException, InterruptedException {
      JsonNode manifest = new ObjectMapper().readTree(get(repository + "/manifests/" + ArtifactHubMetadata.OCI_TAG));
      return get(repository + "/blobs/" + manifest.path("layers").get(0).path("digest").asText());
    }

    @Test
    @DisplayName("pushing the same charts again changes nothing: every chart unchanged")
    void pushingAgainIsUnchanged() {
      PublishReport again = PublishCommand.charts(LAYOUT).toOci(registry).plainHttp().call();
      assertThat(again.publications()).hasSize(LAYOUT.charts().size())
          .extracting(Publication::outcome).containsOnly(Outcome.UNCHANGED);
    }
  }

  @Nested
  @DisplayName("signed")
  class Signed {

    @TempDir
    Path pulled;

    @Test
    @DisplayName("a signed push carries every chart's .prov as Helm's provenance layer, and it verifies against the chart layer")
    void provenanceLayer() throws IOException, InterruptedException {
      assertThat(signedPush.publications()).extracting(Publication::outcome).containsOnly(Outcome.PUBLISHED);
      for (var chart : LAYOUT.charts()) {
        Map<String, String> layers = layers(chart.name(), chart.version());
        assertThat(layers).as("layers of signed/%s:%s", chart.name(), chart.version())
            .containsKeys(OciRegistry.CHART_LAYER, OciRegistry.PROVENANCE_LAYER);
        Path archive = pulled.resolve(chart.name() + "-" + chart.version() + ".tgz");
        Files.write(archive, get("signed/" + chart.name() + "/blobs/" + layers.get(OciRegistry.CHART_LAYER)));
        Files.write(Provenance.fileFor(archive), get("signed/" + chart.name() + "/blobs/" + layers.get(OciRegistry.PROVENANCE_LAYER)));
        assertThat(Provenance.verify(archive, key.publicKeyring()).signer()).isEqualTo(key.userId());
      }
    }

    @Test
    @DisplayName("helm pull oci://... --verify through the Helm 4 CLI takes todo with its provenance")
    void helmPullVerifies() {
      String version = LAYOUT.charts().stream().filter(chart -> chart.name().equals("todo")).findFirst().orElseThrow().version();
      HostProcess.Result result = HelmCli.locateOrBuild().run(pulled, "pull", signedRegistry + "/todo", "--version", version, "--plain-http",
          "--verify", "--keyring", key.publicKeyring().toString(), "-d", pulled.toString());

      assertThat(result.succeeded()).as("helm pull --verify: %s", result.tail()).isTrue();
      assertThat(result.output()).contains("Signed by: " + key.userId());
    }

    @Test
    @DisplayName("pushing signed again changes nothing; signing tags pushed unsigned leaves them unchanged and says so")
    void republishing() {
      assertThat(PublishCommand.charts(LAYOUT).toOci(signedRegistry).plainHttp().signedWith(key.signingKey()).call().publications())
          .allSatisfy(publication -> assertThat(publication.outcome()).isEqualTo(Outcome.UNCHANGED));
      assertThat(PublishCommand.charts(LAYOUT).toOci(registry).plainHttp().signedWith(key.signingKey()).call().publications())
          .allSatisfy(publication -> {
            assertThat(publication.outcome()).isEqualTo(Outcome.UNCHANGED);
            assertThat(publication.reason()).contains("without provenance");
          });
    }
  }

  @Nested
  @DisplayName("invalid")
  class Invalid {

    @TempDir
    Path copy;

    @TempDir
    Path repository;

    @Test
    @DisplayName("changed content under a pushed version is refused, naming the chart, and the registry keeps the old content")
    void changedContentIsRefused() throws IOException {
      PublishReport report = PublishCommand.charts(copyWithChangedTodo(copy)).toOci(registry).plainHttp().call();

      assertThat(report.refused()).singleElement().satisfies(todo -> {
        assertThat(todo.chart()).isEqualTo("todo");
        assertThat(todo.reason()).contains("bump `version`").contains("charts/todo:");
      });
      assertThat(PublishCommand.charts(LAYOUT).toOci(registry).plainHttp().call().publications())
          .as("the original charts still match the registry").extracting(Publication::outcome).containsOnly(Outcome.UNCHANGED);
    }

    @Test
    @DisplayName("a chart the registry refuses is written nowhere, and (all or nothing) neither is any other chart")
    void refusalHoldsForEveryDestination() throws IOException {
      PublishReport report = PublishCommand.charts(copyWithChangedTodo(copy))
          .toRepository(repository).toOci(registry).plainHttp().call();

      assertThat(report.refused()).filteredOn(publication -> publication.reason().contains("bump `version`"))
          .extracting(Publication::chart).containsOnly("todo");
      assertThat(report.refused()).filteredOn(publication -> !publication.chart().equals("todo"))
          .isNotEmpty().allSatisfy(other -> assertThat(other.reason()).contains("publishing is all or nothing"));
      assertThat(report.publications()).filteredOn(publication -> publication.outcome() == Outcome.PUBLISHED).isEmpty();
      assertThat(repository.resolve("todo-0.2.2.tgz")).doesNotExist();
      assertThat(repository.resolve("journal-0.2.2.tgz")).doesNotExist();
      assertThat(repository.resolve("index.yaml")).doesNotExist();
    }
  }
}
