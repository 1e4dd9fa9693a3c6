package dev.chartharness.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.publish.ChartArchive;
import dev.chartharness.publish.PackageCommand;
import dev.chartharness.render.Chart;
import dev.chartharness.render.ChartDependency;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.render.TarArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Chart packages: helm package of each chart holds exactly the files an install needs, and .helmignore keeps the rest out")
class ChartPackagesTest {

  private static final List<String> COMMON = List.of("_affinity.tpl", "_images.tpl", "_labels.tpl", "_names.tpl", "_pdb.tpl",
      "_probes.tpl", "_secrets.tpl", "_security.tpl", "_storage.tpl", "_tplvalues.tpl");

  /** Each chart's own files, relative to the chart; its dependencies' packages come under charts/NAME/ as they are packed alone. */
  static final Map<String, List<String>> OWN_FILES = Map.of(
      "common", own(List.of(), List.of(), COMMON.toArray(String[]::new)),
      "frontend", own(List.of("README.md", "values.schema.json"), List.of(),
          "NOTES.txt", "_helpers.tpl", "configmap.yaml", "deployment.yaml", "networkpolicy.yaml", "pdb.yaml", "service.yaml"),
      "fileserver", own(List.of("README.md", "values.schema.json"),
          List.of("files/web/app.js", "files/web/favicon.svg", "files/web/index.html", "files/web/styles.css"),
          "NOTES.txt", "_helpers.tpl", "configmap-content.yaml", "configmap-nginx.yaml", "deployment.yaml", "networkpolicy.yaml",
          "pdb.yaml", "service.yaml"),
      "redis", own(List.of("README.md", "values.schema.json"), List.of(),
          "NOTES.txt", "_helpers.tpl", "configmap-scripts.yaml", "networkpolicy.yaml", "pdb.yaml", "secret.yaml",
          "service-headless.yaml", "service.yaml", "statefulset.yaml"),
      "todobackend", own(List.of("README.md", "values.schema.json"), List.of(),
          "NOTES.txt", "_helpers.tpl", "deployment.yaml", "ingress.yaml", "migrations-job.yaml", "networkpolicy.yaml", "pdb.yaml",
          "secret.yaml", "service.yaml", "serviceaccount.yaml"),
      "mysql", own(List.of("README.md", "values.schema.json"), List.of(),
          "NOTES.txt", "_helpers.tpl", "deployment.yaml", "networkpolicy.yaml", "pvc.yaml", "secret.yaml", "service.yaml",
          "storageclass.yaml"),
      "journal", own(List.of("README.md", "values.schema.json"), List.of(),
          "NOTES.txt", "_helpers.tpl", "ingress.yaml", "tests/tests.yaml", "validate.yaml"),
      "todo", own(List.of("README.md", "values.schema.json"), List.of(),
          "NOTES.txt", "_helpers.tpl", "secret.yaml", "tests/tests.yaml"));

  @TempDir
  static Path scratch;

  static ProjectLayout layout;
  static Map<String, Set<String>> packed;

  /** .helmignore, Chart.yaml and values.yaml, then {@code extra}, {@code files}, and {@code templates/<template>} for each template. */
  private static List<String> own(List<String> extra, List<String> files, String... templates) {
    List<String> own = new ArrayList<>(List.of(".helmignore", "Chart.yaml", "values.yaml"));
    own.addAll(extra);
    own.addAll(files);
    Stream.of(templates).map(template -> "templates/" + template).forEach(own::add);
    return own;
  }

  @BeforeAll
  static void packageEveryChart() throws IOException {
    // A clean checkout's charts: a developer's helm dependency build output (Chart.lock, charts/) stays out.
    CleanCopy.copy(ProjectLayout.current().chartsDirectory(), scratch.resolve("repository/charts"), false);
    layout = new ProjectLayout(scratch.resolve("repository"));
    packed = packedFiles(layout, scratch.resolve("packages"));
  }

  /** Every chart of {@code layout} packaged with {@link PackageCommand}: chart name to the paths in its archive, below its top directory. */
  static Map<String, Set<String>> packedFiles(ProjectLayout layout, Path destination) {
    return PackageCommand.charts(layout).toDirectory(destination).call().stream()
        .collect(Collectors.toMap(ChartArchive::name, ChartPackagesTest::filesBelowTop));
  }

  private static Set<String> filesBelowTop(ChartArchive archive) {
    try {
      String top = archive.name() + "/";
      Set<String> files = new TreeSet<>();
      for (String path : TarArchive.files(Files.readAllBytes(archive.file())).keySet()) {
        files.add(path.startsWith(top) ? path.substring(top.length()) : path);
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + archive.file() + ": " + e.getMessage(), e);
    }
  }

  /** What {@code chart}'s package must hold: its own files from the table, and each dependency's under charts/NAME/. */
  static Set<String> expected(String chart, ProjectLayout layout, Function<String, List<String>> ownFiles) {
    Set<String> expected = new TreeSet<>(ownFiles.apply(chart));
    for (ChartDependency dependency : Chart.load(layout.chart(chart)).dependencies()) {
      expected(dependency.name(), layout, ownFiles).forEach(path -> expected.add("charts/" + dependency.name() + "/" + path));
    }
    return expected;
  }

  /** One line per file the package holds but should not, and per file it should hold but does not, naming chart and file. */
  static List<String> differences(String chart, Set<String> packedFiles, Set<String> expectedFiles) {
    List<String> differences = new ArrayList<>();
    packedFiles.stream().filter(path -> !expectedFiles.contains(path))
        .forEach(path -> differences.add(chart + " packs " + chart + "/" + path + ", which the table does not list"));
    expectedFiles.stream().filter(path -> !packedFiles.contains(path))
        .forEach(path -> differences.add(chart + " does not pack " + chart + "/" + path + ", which the table lists"));
    return differences;
  }

  static Stream<String> charts() {
    return ProjectLayout.current().charts().stream().map(Chart::name);
  }

  @Test
  @DisplayName("the table names every chart under charts/, and every chart has a .helmignore")
  void tableCoversEveryChart() {
    assertThat(OWN_FILES.keySet()).as("charts in the table").containsExactlyInAnyOrderElementsOf(charts().toList());
    assertThat(charts()).allSatisfy(chart ->
        assertThat(ProjectLayout.current().chart(chart).resolve(".helmignore")).as("%s/.helmignore", chart).isRegularFile());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("charts")
  @DisplayName("packs exactly the files of the table: its own, and its dependencies' as they pack alone")
  void packsExactlyTheTable(String chart) {
    assertThat(differences(chart, packed.get(chart), expected(chart, layout, OWN_FILES::get)))
        .as("expecting the %s package to hold exactly the files of ChartPackagesTest.OWN_FILES, but", chart).isEmpty();
  }

  @Nested
  @DisplayName("with files that an install does not need in a chart directory")
  class StrayFiles {

    @TempDir
    Path copy;

    @Test
    @DisplayName("VCS, IDE, backup and temporary files stay out of the package; any other new file is named with its chart")
    void ignoredOrNamed() throws IOException {
      CleanCopy.copy(layout.chartsDirectory(), copy.resolve("charts"), false);
      Path frontend = copy.resolve("charts/frontend");
      for (String stray : List.of(".git/HEAD", ".gitignore", ".idea/workspace.xml", ".vscode/settings.json", ".DS_Store",
          "values.yaml.bak", "values.yaml.orig", "templates/deployment.yaml~", "templates/.deployment.yaml.swp", "notes.tmp",
          "draft.md")) {
        Files.createDirectories(frontend.resolve(stray).getParent());
        Files.writeString(frontend.resolve(stray), "not for the package\n");
      }
      ProjectLayout strayLayout = new ProjectLayout(copy);
      Set<String> frontendFiles = packedFiles(strayLayout, copy.resolve("packages")).get("frontend");
      assertThat(differences("frontend", frontendFiles, expected("frontend", strayLayout, OWN_FILES::get)))
          .containsExactly("frontend packs frontend/draft.md, which the table does not list");
    }
  }
}
