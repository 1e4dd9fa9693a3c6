package dev.chartharness.publish;

import static dev.chartharness.assertj.ChartAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.base.HostProcess;
import dev.chartharness.charts.ChartMatrix;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.cluster.IngressHttp;
import dev.chartharness.install.HelmBackend;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.install.ReleaseInstall;
import dev.chartharness.junit.TestNamespace;
import dev.chartharness.junit.WithEphemeralCluster;
import dev.chartharness.render.Chart;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.validate.UpgradeBase;
import dev.chartharness.verify.VerificationReport;
import dev.chartharness.verify.VerifyCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrade from what was published: the previous version of journal and todo (the newest commit of this
 * repository whose charts carry another version, published by the test into a chart repository served over
 * HTTP) installed with the Helm 4 CLI on real pods, data written, upgraded to the working tree, verified with its
 * helm tests, the data still there; rolled back through the CLI, verified again, the data still there.
 */
@WithEphemeralCluster(realPods = true, namespacePrefix = "published")
@DisplayName("upgrade from the published previous version on real pods: data survives the upgrade and the rollback")
class UpgradeFromPublishedIT {

  static final ProjectLayout LAYOUT = ChartMatrix.LAYOUT;
  static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir
  static Path scratch;
  static String baseRef;
  static ProjectLayout base;
  static Path repository;
  static HelmBackend cli;

  /** The newest commit whose journal chart has the previous version: the parent of the commit that set the current one. */
  static String previousVersionCommit() {
    String current = version("HEAD");
    String log = HostProcess.command("git", "-C", LAYOUT.root().toString(), "log", "--format=%H", "--", "charts/journal/Chart.yaml").runOrThrow();
    for (String commit : log.strip().split("\n")) {
      String parent = commit + "^";
      if (current.equals(version(commit)) && !current.equals(version(parent)) && !version(parent).isEmpty()) {
        return parent;
      }
    }
    throw new IllegalStateException("no earlier version of charts/journal in this repository's history (a shallow clone?)");
  }

  /** The journal chart's version at {@code ref}; empty where it did not exist. */
  static String version(String ref) {
    String chartYaml = HostProcess.command("git", "-C", LAYOUT.root().toString(), "show", ref + ":charts/journal/Chart.yaml").run().output();
    java.util.regex.Matcher version = java.util.regex.Pattern.compile("(?m)^version: (\\S+)$").matcher(chartYaml);
    return version.find() ? version.group(1) : "";
  }

  @BeforeAll
  static void publishPreviousVersion() throws IOException {
    baseRef = previousVersionCommit();
    UpgradeBase upgradeBase = UpgradeBase.of(baseRef, scratch);
    base = new ProjectLayout(upgradeBase.chart(LAYOUT.chart("journal")).orElseThrow().getParent().getParent());
    repository = Files.createDirectories(scratch.resolve("repository"));
    PublishCommand.charts(base).toRepository(repository).call();
    cli = HelmBackend.parse("cli");
  }

  /** The base tree's dev values and the values that select the locally built images, as they were then. */
  static List<Path> baseValues(String chart) {
    List<Path> values = new ArrayList<>(base.environments().get("dev").valuesFiles(base.valuesDirectory(), chart));
    values.add(base.localImageValues(chart));
    return values;
  }

  static List<Path> currentValues(String chart) {
    List<Path> values = new ArrayList<>(ChartMatrix.valuesFiles(chart, LAYOUT.environments().get("dev")));
    values.add(LAYOUT.localImageValues(chart));
    return values;
  }

  /**
   * The body of a 200 answer through Traefik, waiting (up to 30 s) while it still routes to the pods the rollout
   * replaced (a 502 for a few seconds after Helm's --wait returns).
   */
  static String answer(IngressHttp http, String path) {
    String[] body = {""};
    dev.chartharness.base.Await.until("HTTP 200 for " + path + " through the ingress controller", Duration.ofSeconds(30), () -> {
      try {
        IngressHttp.Response response = http.get(path);
        body[0] = response.body();
        return response.status() == 200 ? dev.chartharness.base.Await.done() : dev.chartharness.base.Await.pending("HTTP " + response.status());
      } catch (IOException e) {
        return dev.chartharness.base.Await.pending(e.toString());
      }
    });
    return body[0];
  }

  static ReleaseInstall published(EphemeralCluster cluster, String namespace, String chart, Path repositories) {
    return ReleaseInstall.reference("published/" + chart).withVersion(Chart.load(base.chart(chart)).version()).withRepositoryConfig(repositories)
        .into(cluster, namespace).withReleaseName(chart).withValuesFiles(baseValues(chart)).withTimeout(TIMEOUT).withBackend(cli);
  }

  static ReleaseInstall workingTree(EphemeralCluster cluster, String namespace, String chart) {
    return ReleaseInstall.chart(LAYOUT.chart(chart)).into(cluster, namespace).withReleaseName(chart)
        .withValuesFiles(currentValues(chart)).withTimeout(TIMEOUT).withBackend(cli);
  }

  @Test
  @DisplayName("journal and todo: install published, write, upgrade to the working tree, verify, roll back, verify; the data stays")
  void upgradeAndRollBack(EphemeralCluster cluster, @TestNamespace String namespace) throws IOException {
    try (RepositoryServer server = RepositoryServer.serve(repository)) {
      Path repositories = scratch.resolve("repositories-" + namespace + ".yaml");
      // Through the harness's Helm CLI, whose cache the CLI backend reads the repository's index from.
      dev.chartharness.render.HelmCli.locateOrBuild().call(scratch, "repo", "add", "published", server.uri().toString(),
          "--repository-config", repositories.toString());

      // The review against what was published: upgrade-check pulls the previous version from the repository.
      for (String chart : List.of("journal", "todo")) {
        String published = server.uri().toString().replaceFirst("/$", "") + "/" + chart + "@" + Chart.load(base.chart(chart)).version();
        List<String> args = new ArrayList<>(List.of("upgrade-check", published, LAYOUT.chart(chart).toString()));
        currentValues(chart).forEach(file -> args.addAll(List.of("-f", file.toString())));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit = dev.chartharness.cli.Main.run(args, new java.io.PrintStream(out, true), new java.io.PrintStream(out, true));
        assertThat(exit).as("upgrade-check %s:%n%s", published, out).isZero();
        assertThat(out.toString()).contains("objects changed").contains("nothing forbidden or dangerous");
      }

      for (String chart : List.of("journal", "todo")) {
        InstalledRelease installed = published(cluster, namespace, chart, repositories).install();
        assertThat(installed.revision()).isEqualTo(1);
        assertThat(VerifyCommand.release(installed, cluster).call()).isVerified();
      }
      IngressHttp journal = IngressHttp.to(cluster.capabilities().ingressHttpBase(), "journal.localtest.me");
      IngressHttp todo = IngressHttp.to(cluster.capabilities().ingressHttpBase(), "todo.localtest.me");
      String entry = "written on the published version " + UUID.randomUUID();
      assertThat(journal.post("/api/entries", "application/json", "{\"text\": \"" + entry + "\"}").status()).isEqualTo(201);
      String item = "survive the upgrade " + UUID.randomUUID();
      assertThat(todo.post("/todos", "application/json", "{\"title\": \"" + item + "\"}").status()).isEqualTo(201);

      for (String chart : List.of("journal", "todo")) {
        InstalledRelease upgraded = workingTree(cluster, namespace, chart).upgrade();
        assertThat(upgraded.revision()).isEqualTo(2);
        VerificationReport report = VerifyCommand.release(upgraded, cluster).withHelmTests(workingTree(cluster, namespace, chart)).call();
        assertThat(report).as("%s upgraded from %s", chart, baseRef).isVerified().passed("helm-test", "Pod/" + chart + "-test-api");
      }
      assertThat(answer(journal, "/api/entries")).as("journal entries after the upgrade").contains(entry);
      assertThat(answer(todo, "/todos")).as("todo items after the upgrade").contains(item);

      for (String chart : List.of("journal", "todo")) {
        InstalledRelease rolledBack = workingTree(cluster, namespace, chart).rollback(1);
        assertThat(rolledBack.revision()).isEqualTo(3);
        assertThat(VerifyCommand.release(rolledBack, cluster).call()).as("%s rolled back to revision 1", chart).isVerified();
      }
      assertThat(answer(journal, "/api/entries")).as("journal entries after the rollback").contains(entry);
      assertThat(answer(todo, "/todos")).as("todo items after the rollback").contains(item);
    }
  }
}
