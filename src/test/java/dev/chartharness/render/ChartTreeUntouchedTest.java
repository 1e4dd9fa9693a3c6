package dev.chartharness.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chartharness.charts.CleanCopy;
import dev.chartharness.validate.ChartLint;
import dev.chartharness.validate.ValidateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Render, lint and validate never write into the chart's tree, and a stale lock never breaks them")
class ChartTreeUntouchedTest {

  static final ProjectLayout LAYOUT = ProjectLayout.current();

  @TempDir
  Path tree;

  Path charts;
  Path corpus;

  @BeforeEach
  void copyCharts() throws IOException {
    charts = tree.resolve("charts");
    corpus = tree.resolve("corpus");
    CleanCopy.copy(LAYOUT.chartsDirectory(), charts, false);
    CleanCopy.copy(LAYOUT.root().resolve("src/test/resources/corpus"), corpus, true);
  }

  @Test
  @DisplayName("every file of the chart trees is byte for byte the same after render, lint and validate of every chart, and no file is added")
  void byteForByteUnchanged() throws IOException {
    Map<String, String> before = digests(tree);
    for (String chart : new String[] {"journal", "todo", "frontend", "redis", "fileserver", "todobackend", "mysql"}) {
      RenderedRelease release = RenderCommand.chart(charts.resolve(chart)).call();
      ValidateCommand.release(release).call();
      ChartLint.lint(charts.resolve(chart), java.util.List.of(LAYOUT.valuesDirectory().resolve("dev/journal.yaml")).stream()
          .filter(file -> chart.equals("journal")).toList());
    }
    for (String chart : new String[] {"umbrella", "legacy", "sidecar", "backend", "broken-yaml"}) {
      RenderCommand.chart(corpus.resolve(chart)).call();
    }
    assertThat(digests(tree)).isEqualTo(before);
    assertThat(Files.exists(charts.resolve("journal/Chart.lock"))).isFalse();
    assertThat(Files.exists(charts.resolve("journal/charts"))).isFalse();
  }

  @Nested
  @DisplayName("with what an earlier helm dependency build left behind")
  class StaleDependencies {

    @BeforeEach
    void staleLockAndArchives() throws IOException {
      Path journal = charts.resolve("journal");
      Files.createDirectories(journal.resolve("charts"));
      Files.writeString(journal.resolve("Chart.lock"), """
          dependencies:
          - name: frontend
            repository: file://../frontend
            version: 0.0.1
          digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
          generated: "2020-01-01T00:00:00Z"
          """, StandardCharsets.UTF_8);
      // An archive of an older frontend that would shadow the directory if it were used.
      Path old = tree.resolve("old/frontend");
      CleanCopy.copy(charts.resolve("frontend"), old, false);
      CleanCopy.copy(charts.resolve("common"), tree.resolve("old/common"), false);
      Files.writeString(old.resolve("templates/deployment.yaml"), "# an old frontend that renders nothing\n", StandardCharsets.UTF_8);
      new com.marcnuri.helm.Helm(ScratchChart.resolved(old)).packageIt().withDestination(journal.resolve("charts")).call();
      Path bumped = charts.resolve("frontend/Chart.yaml");
      // A version bump after the lock was written: helm dependency build would now say "Chart.lock is out of sync".
      Files.writeString(bumped, Files.readString(bumped).replaceFirst("(?m)^version: 0\\.2\\.1$", "version: 0.2.2"), StandardCharsets.UTF_8);
      Path parent = journal.resolve("Chart.yaml");
      Files.writeString(parent, Files.readString(parent).replaceFirst("(name: frontend\\n    version: )0\\.2\\.1", "$10.2.2"), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("the render uses the dependency's directory as it stands now and leaves lock and archives as they were")
    void freshDependencyUnchangedTree() throws IOException {
      Map<String, String> before = digests(tree);
      RenderedRelease release = RenderCommand.chart(charts.resolve("journal")).call();
      assertThat(release.all(io.fabric8.kubernetes.api.model.apps.Deployment.class))
          .extracting(deployment -> deployment.getMetadata().getName()).contains("journal-frontend");
      assertThat(digests(tree)).isEqualTo(before);
    }

    @Test
    @DisplayName("a dependency whose directory does not satisfy the parent's version constraint is refused naming both")
    void versionConstraint() throws IOException {
      Path parent = charts.resolve("journal/Chart.yaml");
      Files.writeString(parent, Files.readString(parent).replace("name: frontend\n    version: 0.2.2", "name: frontend\n    version: ~0.3.0"), StandardCharsets.UTF_8);
      assertThatThrownBy(() -> RenderCommand.chart(charts.resolve("journal")).call())
          .isInstanceOf(ChartRenderException.class)
          .hasMessageContaining("dependency frontend requires version ~0.3.0")
          .hasMessageContaining("is version 0.2.2");
    }
  }

  @Test
  @DisplayName("a dependency that is neither a directory nor vendored is refused naming the dependency and Chart.yaml")
  void missingDependency() throws IOException {
    Path umbrella = corpus.resolve("umbrella");
    Files.delete(umbrella.resolve("charts/metrics-1.2.0.tgz"));
    assertThatThrownBy(() -> RenderCommand.chart(umbrella).call())
        .isInstanceOf(ChartRenderException.class)
        .hasMessageContaining(umbrella.resolve("Chart.yaml").toString())
        .hasMessageContaining("dependency metrics (https://charts.example.com/stable) is missing");
  }

  private static Map<String, String> digests(Path root) throws IOException {
    Map<String, String> digests = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        String relative = root.relativize(path).toString();
        digests.put(relative, Files.isDirectory(path) ? "directory" : sha256(Files.readAllBytes(path)));
      }
    }
    return digests;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
