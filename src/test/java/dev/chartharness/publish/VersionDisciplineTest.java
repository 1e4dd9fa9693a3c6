package dev.chartharness.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.base.HostProcess;
import dev.chartharness.charts.CleanCopy;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.validate.Finding;
import dev.chartharness.validate.UpgradeBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Version discipline against git, by content: changed content needs a new version; --since names what changed and its dependents")
class VersionDisciplineTest {

  static final ProjectLayout LAYOUT = ProjectLayout.current();

  @TempDir
  Path repository;
  @TempDir
  Path scratch;
  ProjectLayout layout;

  @BeforeEach
  void committedCharts() throws IOException {
    CleanCopy.copy(LAYOUT.chartsDirectory(), repository.resolve("charts"), false);
    CleanCopy.copy(LAYOUT.valuesDirectory(), repository.resolve("values"), false);
    git("init", "-q");
    git("add", ".");
    git("-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-q", "-m", "base");
    layout = new ProjectLayout(repository);
  }

  private List<VersionDiscipline.ChartChange> compare(String ref) {
    return VersionDiscipline.compare(layout, UpgradeBase.of(ref, scratch), scratch);
  }

  @Test
  @DisplayName("nothing changed: no finding, no chart named")
  void unchanged() {
    List<VersionDiscipline.ChartChange> changes = compare("HEAD");
    assertThat(VersionDiscipline.findings(changes, "HEAD")).isEmpty();
    assertThat(VersionDiscipline.changedSince(layout, changes)).isEmpty();
  }

  @Test
  @DisplayName("a template of redis changed without a bump: an error naming redis, and journal (which packs redis) too")
  void changedWithoutBump() throws IOException {
    Path template = repository.resolve("charts/redis/templates/service.yaml");
    Files.writeString(template, Files.readString(template) + "\n# a change\n");
    List<VersionDiscipline.ChartChange> changes = compare("HEAD");
    List<Finding> findings = VersionDiscipline.findings(changes, "HEAD");
    assertThat(findings).extracting(Finding::object).containsExactlyInAnyOrder("Chart/redis", "Chart/journal");
    assertThat(findings.get(0).message()).contains("packaged content changed since HEAD but its version is still 0.2.2");
    assertThat(VersionDiscipline.changedSince(layout, changes)).containsExactlyInAnyOrder("redis", "journal");
  }

  @Test
  @DisplayName("bumped: no finding for the bumped chart; a version that went down is an error")
  void bumped() throws IOException {
    Path template = repository.resolve("charts/mysql/templates/service.yaml");
    Files.writeString(template, Files.readString(template) + "\n# a change\n");
    setVersion("mysql", "0.2.3");
    Path todo = repository.resolve("charts/todo/Chart.yaml");
    Files.writeString(todo, Files.readString(todo).replace("name: mysql\n    version: 0.2.2", "name: mysql\n    version: 0.2.3"));
    setVersion("todo", "0.1.9");
    List<Finding> findings = VersionDiscipline.findings(compare("HEAD"), "HEAD");
    assertThat(findings).singleElement().satisfies(finding -> {
      assertThat(finding.object()).isEqualTo("Chart/todo");
      assertThat(finding.message()).contains("went down: 0.2.2 at HEAD -> 0.1.9");
    });
  }

  private void setVersion(String chart, String version) throws IOException {
    Path chartYaml = repository.resolve("charts/" + chart + "/Chart.yaml");
    Files.writeString(chartYaml, Files.readString(chartYaml).replaceFirst("(?m)^version: .*$", "version: " + version));
  }

  private void git(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repository.toString()));
    command.addAll(List.of(args));
    HostProcess.command(command).runOrThrow();
  }
}
