package dev.chartharness.cli;

import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.render.Chart;
import dev.chartharness.render.Environment;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.validate.ValidateCommand;
import dev.chartharness.verify.InstalledRelease;
import dev.chartharness.verify.ReleaseInstall;
import dev.chartharness.verify.VerificationReport;
import dev.chartharness.verify.VerifyCommand;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code bench [--iterations N] [--cluster ...] [--no-cluster]}: prints how long rendering and
 * validating every chart for every environment takes in one JVM, how much heap it holds, and (unless
 * left out) how long a cluster takes to start and each application to install and verify.
 */
final class BenchVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "bench [--iterations N] [--cluster local|real-pods|k3s|kubeconfig:PATH] [--no-cluster]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("iterations", "cluster"), Set.of("no-cluster"));
    Signals.shutDownOnInterrupt();
    int iterations = Integer.parseInt(arguments.option("iterations").orElse("10"));
    ProjectLayout layout = ProjectLayout.current();
    List<RenderCommand> matrix = matrix(layout);

    long first = time(() -> renderAndValidate(matrix.get(0)));
    out.printf("first render+validate in a fresh JVM (loads Helm's native library, builds dependencies): %d ms%n", first);
    List<Long> rounds = new ArrayList<>();
    int findings = 0;
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      findings = 0;
      for (RenderCommand command : matrix) {
        findings += renderAndValidate(command);
      }
      rounds.add((System.nanoTime() - start) / 1_000_000);
    }
    rounds.sort(Long::compare);
    out.printf("render+validate all %d chart x environment cases: median %d ms, min %d ms, max %d ms over %d rounds (%.1f ms per case; %d findings per round)%n",
        matrix.size(), rounds.get(rounds.size() / 2), rounds.get(0), rounds.get(rounds.size() - 1), iterations,
        rounds.get(rounds.size() / 2) / (double) matrix.size(), findings);
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    out.printf("heap in use after the rounds: %d MiB (max %d MiB)%n", (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20);
    if (arguments.flag("no-cluster")) {
      return 0;
    }
    long prepare = System.nanoTime();
    EphemeralCluster cluster = VerifyVerb.selection(arguments).newCluster();
    out.printf("cluster prerequisites (built or checked by ci/): %d ms%n", (System.nanoTime() - prepare) / 1_000_000);
    long clusterStart = System.nanoTime();
    try (cluster) {
      cluster.start();
      out.printf("cluster start (%s): %d ms%n", cluster.capabilities(), (System.nanoTime() - clusterStart) / 1_000_000);
      Environment dev = layout.environments().get("dev");
      for (Chart chart : layout.applicationCharts()) {
        long start = System.nanoTime();
        String namespace = cluster.createNamespace("bench-" + chart.name());
        ReleaseInstall install = ReleaseInstall.chart(chart.directory()).into(cluster, namespace).withReleaseName(chart.name())
            .withValuesFiles(InstallValues.of(layout, dev, chart.name(), cluster));
        install.stubExternalSecrets();
        InstalledRelease release = install.install();
        long installed = System.nanoTime();
        VerificationReport report = VerifyCommand.release(release, cluster).call();
        long verified = System.nanoTime();
        out.printf("%s [dev]: install --wait %d ms, verify %d ms (%d checks, %s)%n", chart.name(), (installed - start) / 1_000_000,
            (verified - installed) / 1_000_000, report.checks().size(), report.passed() ? "passed" : "FAILED");
      }
      clusterStart = System.nanoTime();
    }
    out.printf("cluster stop and removal: %d ms%n", (System.nanoTime() - clusterStart) / 1_000_000);
    return 0;
  }

  private static List<RenderCommand> matrix(ProjectLayout layout) {
    return layout.chartEnvironments().stream()
        .map(both -> RenderCommand.chart(both.chart().directory()).withReleaseName(both.chart().name()).withNamespace(both.chart().name())
            .withValuesFiles(both.environment().valuesFiles(layout.valuesDirectory(), both.chart().name())))
        .toList();
  }

  private static int renderAndValidate(RenderCommand command) {
    return ValidateCommand.release(command.call()).call().findings().size();
  }

  private static long time(Supplier<Integer> work) {
    long start = System.nanoTime();
    work.get();
    return (System.nanoTime() - start) / 1_000_000;
  }
}
