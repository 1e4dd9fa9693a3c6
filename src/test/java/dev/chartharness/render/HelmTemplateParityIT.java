package dev.chartharness.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chartharness.publish.PackageCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The harness renders what {@code helm template} of the Helm 4 CLI renders ({@code ci/helm-binaries.sh}
 * builds it on first use), for the corpus of charts written for these tests and for every chart of this
 * repository in every environment: the same objects, field by field, random values masked.
 */
@DisplayName("RenderCommand renders what helm template (Helm 4 CLI) renders, object by object and field by field")
class HelmTemplateParityIT {

  static final ProjectLayout LAYOUT = ProjectLayout.current();
  static final Path CORPUS = LAYOUT.root().resolve("src/test/resources/corpus");
  static HelmCli helm;

  @TempDir
  static Path scratch;

  @BeforeAll
  static void helmCli() {
    helm = HelmCli.locateOrBuild();
    assertThat(helm.call(scratch, "version", "--short")).startsWith("v4.");
  }

  /**
   * One render to compare.
   *
   * @param label what the case is (chart and environment)
   * @param chart the chart directory or archive
   * @param valuesFiles values files, in order
   * @param sets {@code --set} pairs
   */
  record Case(String label, Path chart, List<Path> valuesFiles, List<String> sets) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Arguments> corpus() {
    return Stream.of(
        new Case("umbrella (defaults: api on, workers tag off, cache directory, metrics archive, CRD, hooks, test, lookup)",
            CORPUS.resolve("umbrella"), List.of(), List.of()),
        new Case("umbrella with the workers tag on, api and cache off", CORPUS.resolve("umbrella"), List.of(),
            List.of("tags.workers=true", "api.enabled=false", "cache.enabled=false")),
        new Case("legacy (apiVersion v1, requirements.yaml)", CORPUS.resolve("legacy"), List.of(), List.of()),
        new Case("sidecar", CORPUS.resolve("sidecar"), List.of(), List.of()),
        new Case("backend on its own (a library dependency)", CORPUS.resolve("backend"), List.of(), List.of("global.region=us-east-2"))
    ).map(Arguments::of);
  }

  static Stream<Arguments> repositoryCharts() {
    return LAYOUT.chartEnvironments().stream().map(both -> Arguments.of(new Case(both.chart().name() + " / " + both.environment().name(),
        both.chart().directory(), both.environment().valuesFiles(LAYOUT.valuesDirectory(), both.chart().name()), List.of())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  @DisplayName("corpus charts")
  void corpusChart(Case parity) {
    assertSameObjects(parity, HelmParity.helmInput(helm, parity.chart(), scratch));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repositoryCharts")
  @DisplayName("this repository's charts in every environment")
  void repositoryChart(Case parity) {
    assertSameObjects(parity, HelmParity.helmInput(helm, parity.chart(), scratch));
  }

  @Test
  @DisplayName("a packaged chart renders as its directory does, for Helm and the harness alike (journal as publish packs it)")
  void packagedChart() throws IOException {
    Path packages = Files.createDirectories(scratch.resolve("packages"));
    Path journal = PackageCommand.charts(LAYOUT).toDirectory(packages).call().stream()
        .filter(archive -> archive.chart().name().equals("journal")).findFirst().orElseThrow().file();
    Case parity = new Case("journal-*.tgz / prod", journal, List.of(LAYOUT.valuesDirectory().resolve("prod/journal.yaml")), List.of());
    assertSameObjects(parity, journal);
    assertSameObjects(new Case("umbrella packaged", packaged(HelmParity.helmInput(helm, CORPUS.resolve("umbrella"), scratch)), List.of(), List.of()), null);
  }

  @Test
  @DisplayName("a document that is not YAML: Helm refuses the chart naming the template; the harness names it too, with the line, and keeps the rest")
  void brokenYaml() {
    Path chart = CORPUS.resolve("broken-yaml");
    dev.chartharness.base.HostProcess.Result result = helm.run(scratch, "template", "broken", chart.toString(), "--kube-version", RenderCommand.DEFAULT_KUBE_VERSION);
    assertThat(result.exit()).isNotZero();
    assertThat(result.error()).contains("broken-yaml/templates/a-broken.yaml");
    RenderedRelease release = RenderCommand.chart(chart).withReleaseName("broken").call();
    assertThat(release.objects()).extracting(RenderedObject::id).containsExactly("Service/broken-fine");
    assertThat(release.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.source()).isEqualTo("broken-yaml/templates/a-broken.yaml");
      assertThat(problem.line()).isEqualTo(7);
      assertThat(problem.lineText()).contains("misindented: x");
    });
  }

  private Path packaged(Path chart) {
    Path destination = scratch.resolve("packaged-" + chart.getFileName());
    helm.call(scratch, "package", chart.toString(), "-d", destination.toString());
    try (Stream<Path> archives = Files.list(destination)) {
      return archives.findFirst().orElseThrow();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Renders {@code parity} with the harness, and {@code helmInput} (the case's chart when null) with the Helm CLI, and compares. */
  private void assertSameObjects(Case parity, Path helmInput) {
    Path input = helmInput == null ? parity.chart() : helmInput;
    String name = "parity";
    String namespace = "parity-ns";
    List<String> args = new ArrayList<>(List.of("template", name, input.toString(), "--namespace", namespace,
        "--kube-version", RenderCommand.DEFAULT_KUBE_VERSION, "--include-crds"));
    parity.valuesFiles().forEach(file -> args.addAll(List.of("-f", file.toString())));
    parity.sets().forEach(set -> args.addAll(List.of("--set", set)));
    String helmOutput = helm.call(scratch, args.toArray(String[]::new));

    RenderCommand render = RenderCommand.chart(parity.chart()).withReleaseName(name).withNamespace(namespace).withValuesFiles(parity.valuesFiles());
    parity.sets().forEach(set -> render.set(set.substring(0, set.indexOf('=')), set.substring(set.indexOf('=') + 1)));
    RenderedRelease release = render.call();

    Map<String, JsonNode> expected = HelmParity.objects(helmOutput);
    assertThat(expected).as("Helm rendered objects for %s", parity).isNotEmpty();
    assertThat(release.problems()).as("render problems for %s", parity).isEmpty();
    assertThat(HelmParity.differences(expected, HelmParity.objects(release.objects())))
        .as("differences between helm template and the harness's objects for %s", parity).isEmpty();
    assertThat(HelmParity.differences(expected, HelmParity.objects(release.crdManifest() + release.manifest())))
        .as("differences between helm template and the harness's manifest for %s", parity).isEmpty();
  }
}
