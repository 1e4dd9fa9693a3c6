package dev.chartharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.base.HostProcess;
import dev.chartharness.charts.CleanCopy;
import dev.chartharness.render.ProjectLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("upgrade-check BASE [CHART]: the review of an upgrade, exit 1 when it changes what Kubernetes forbids or loses data")
class UpgradeCheckVerbTest {

  static final Path CORPUS = ProjectLayout.current().root().resolve("src/test/resources/corpus/upgrade");

  record Run(int exit, String out, String err) {
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @TempDir
  Path work;
  Path chart;

  @BeforeEach
  void copyChart() throws IOException {
    chart = work.resolve("repo/upgrade");
    CleanCopy.copy(CORPUS, chart, true);
  }

  private void change(String key, String value) throws IOException {
    Path values = chart.resolve("values.yaml");
    Files.writeString(values, Files.readString(values).replaceFirst("(?m)^" + key + ": .*$", key + ": " + value));
  }

  @Test
  @DisplayName("a chart directory as base: the claim template's size change is refused, naming object, field and both values")
  void directoryBase() throws IOException {
    Path base = work.resolve("base/upgrade");
    CleanCopy.copy(CORPUS, base, true);
    change("storageSize", "5Gi");
    Run run = run("upgrade-check", base.toString(), chart.toString());
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out()).contains("~ StatefulSet/db")
        .contains("spec.volumeClaimTemplates[data].spec.resources.requests.storage: \"1Gi\" -> \"5Gi\"")
        .contains("ERROR StatefulSet/db spec.volumeClaimTemplates[data].spec.resources.requests.storage")
        .contains("REFUSED");
  }

  @Test
  @DisplayName("a git ref as base: the committed chart against the working tree; an allowed change exits 0 and is still listed")
  void gitBase() throws IOException {
    Path repository = chart.getParent();
    git(repository, "init", "-q");
    git(repository, "add", ".");
    git(repository, "-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-q", "-m", "base");
    Run unchanged = run("upgrade-check", "HEAD", chart.toString());
    assertThat(unchanged.exit()).as(unchanged.out() + unchanged.err()).isZero();
    assertThat(unchanged.out()).contains("0 objects changed").contains("nothing forbidden or dangerous in 1 case");

    Path deployment = chart.resolve("templates/objects.yaml");
    Files.writeString(deployment, Files.readString(deployment).replace("image: registry.example.com/web:1.0.0", "image: registry.example.com/web:1.1.0"));
    Run allowed = run("upgrade-check", "HEAD", chart.toString());
    assertThat(allowed.exit()).as(allowed.out()).isZero();
    assertThat(allowed.out()).contains("spec.template.spec.containers[web].image: \"registry.example.com/web:1.0.0\" -> \"registry.example.com/web:1.1.0\"");

    change("claimEnabled", "false");
    Run dataLoss = run("upgrade-check", "HEAD", chart.toString());
    assertThat(dataLoss.exit()).isEqualTo(1);
    assertThat(dataLoss.out()).contains("- PersistentVolumeClaim/uploads").contains("its data goes with it");
  }

  @Test
  @DisplayName("a base that is none of the forms is a usage error naming BASE")
  void badBase() {
    Run run = run("upgrade-check", "", chart.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("BASE: no base");
  }

  private static void git(Path directory, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
    command.addAll(List.of(args));
    HostProcess.command(command).runOrThrow();
  }
}
