package dev.chartharness.cli;

import dev.chartharness.base.FileTrees;
import dev.chartharness.install.HelmBackend;
import dev.chartharness.pipeline.ChartPipeline;
import dev.chartharness.pipeline.ScaleRun;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.render.Chart;
import dev.chartharness.render.Environment;
import dev.chartharness.render.HelmCli;
import dev.chartharness.render.HelmParity;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.validate.ValidateCommand;
import dev.chartharness.install.InstalledRelease;
import dev.chartharness.verify.VerificationReport;
import dev.chartharness.verify.VerifyCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code bench [--iterations N] [--cluster ...] [--no-cluster]}: prints how long rendering and
 * validating every chart for every environment, and every chart of the test corpus, takes in one JVM,
 * side by side with spawning the Helm 4 {@code helm template} for the same cases (the ratio), how much
 * heap it holds, and (unless left out) how long a cluster takes to start and each application to install
 * and verify. {@code bench --scale N[,N...]} runs only the scale part instead ({@link ScaleBench}).
 */
final class BenchVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "bench [--iterations N] [--cluster local|real-pods|k3s|kubeconfig:PATH] [--no-cluster]   (installs with both Helm backends)\n"
        + "  bench --scale N[,N...] [--workers W (" + ScaleRun.DEFAULT_WORKERS + ")] [--env dev] [--cluster local|kubeconfig:PATH] [--helm embedded|cli|cli:PATH]"
        + "   (only the scale part: N copies of every application on one cluster)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("iterations", "cluster", "scale", "workers", "env", "helm"), Set.of("no-cluster"));
    if (arguments.option("scale").isPresent()) {
      ScaleBench scale = ScaleBench.of(arguments, ProjectLayout.current());
      Signals.shutDownOnInterrupt();
      return scale.run(out, err);
    }
    for (String scaleOnly : List.of("workers", "env", "helm")) {
      if (arguments.flag(scaleOnly)) {
        throw new UsageException("--" + scaleOnly + " goes with --scale N[,N...]");
      }
    }
    Signals.shutDownOnInterrupt();
    int iterations = iterations(arguments.option("iterations").orElse("10"));
    ProjectLayout layout = ProjectLayout.current();
    List<Case> cases = cases(layout);
    List<RenderCommand> matrix = cases.stream().map(Case::render).toList();

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
    out.printf("render+validate all %d cases (%d chart x environment, %d corpus charts): median %d ms, min %d ms, max %d ms over %d rounds (%.1f ms per case; %d findings per round)%n",
        matrix.size(), cases.stream().filter(c -> !c.corpus()).count(), cases.stream().filter(Case::corpus).count(),
        rounds.get(rounds.size() / 2), rounds.get(0), rounds.get(rounds.size() - 1), iterations,
        rounds.get(rounds.size() / 2) / (double) matrix.size(), findings);
    // Where the harness's time goes: the same rounds with embedded Helm's template action alone.
    List<Long> helmOnly = new ArrayList<>();
    for (int i = 0; i < iterations; i++) {
      long start = System.nanoTime();
      for (RenderCommand command : matrix) {
        command.helmManifest();
      }
      helmOnly.add((System.nanoTime() - start) / 1_000_000);
    }
    helmOnly.sort(Long::compare);
    long median = rounds.get(rounds.size() / 2);
    long helmMedian = helmOnly.get(helmOnly.size() / 2);
    out.printf("of which embedded Helm's template action (helm-java, Helm 3.21's engine): median %d ms (%.1f ms per case); the harness's own"
            + " preparing, parsing and validating %.1f ms per case%n",
        helmMedian, helmMedian / (double) matrix.size(), (median - helmMedian) / (double) matrix.size());
    compareWithHelm(layout, cases, median, Math.min(iterations, 3), out);
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    out.printf("heap in use after the rounds: %d MiB (max %d MiB)%n", (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20);
    if (arguments.flag("no-cluster")) {
      return 0;
    }
    long prepare = System.nanoTime();
    EphemeralCluster cluster = VerifyVerb.selection(arguments).newCluster(ProjectImages.forCluster(layout, VerifyVerb.selection(arguments)));
    out.printf("cluster prerequisites (built or checked by the harness's recipes): %d ms%n", (System.nanoTime() - prepare) / 1_000_000);
    long clusterStart = System.nanoTime();
    try (cluster) {
      cluster.start();
      out.printf("cluster start (%s): %d ms%n", cluster.capabilities(), (System.nanoTime() - clusterStart) / 1_000_000);
      Environment dev = layout.environments().get("dev");
      for (HelmBackend backend : List.of(HelmBackend.parse("embedded"), HelmBackend.parse("cli"))) {
        for (Chart chart : layout.applicationCharts()) {
          String namespace = cluster.createNamespace("bench-" + chart.name());
          ChartPipeline pipeline = ChartPipeline.chart(chart.directory()).withReleaseName(chart.name()).withBackend(backend)
              .withValuesFiles(InstallValues.of(layout, dev, chart.name(), cluster));
          pipeline.validate();
          long start = System.nanoTime();
          InstalledRelease release = pipeline.install(cluster, namespace);
          long installed = System.nanoTime();
          VerificationReport report = VerifyCommand.release(release, cluster).call();
          long verified = System.nanoTime();
          out.printf("%s [dev, %s]: install --wait %d ms, verify %d ms (%d checks, %s)%n", chart.name(), backend.describe(),
              (installed - start) / 1_000_000, (verified - installed) / 1_000_000, report.checks().size(), report.passed() ? "passed" : "FAILED");
        }
      }
      clusterStart = System.nanoTime();
    }
    out.printf("cluster stop and removal: %d ms%n", (System.nanoTime() - clusterStart) / 1_000_000);
    return 0;
  }

  static int iterations(String value) {
    return Arguments.positiveNumber("iterations", value);
  }

  /**
   * One render the bench times.
   *
   * @param render the harness's render
   * @param chart the chart
   * @param valuesFiles its values files
   * @param sets {@code --set} pairs
   * @param corpus true for a chart of the test corpus
   */
  private record Case(RenderCommand render, Path chart, List<Path> valuesFiles, List<String> sets, boolean corpus) {
  }

  /** Every chart x environment, then every chart of the corpus Helm renders ({@code src/test/resources/corpus}, when present). */
  private static List<Case> cases(ProjectLayout layout) {
    List<Case> cases = new ArrayList<>();
    for (ProjectLayout.ChartEnvironment both : layout.chartEnvironments()) {
      List<Path> values = both.environment().valuesFiles(layout.valuesDirectory(), both.chart().name());
      cases.add(new Case(RenderCommand.chart(both.chart().directory()).withReleaseName(both.chart().name()).withNamespace(both.chart().name())
          .withValuesFiles(values), both.chart().directory(), values, List.of(), false));
    }
    Path corpus = layout.root().resolve("src/test/resources/corpus");
    for (String chart : List.of("umbrella", "legacy", "sidecar", "backend", "bad-widgets", "old-apis", "external-widget")) {
      Path directory = corpus.resolve(chart);
      if (Files.isDirectory(directory)) {
        cases.add(new Case(RenderCommand.chart(directory).withReleaseName(chart).withNamespace(chart).set("global.region", "bench"),
            directory, List.of(), List.of("global.region=bench"), true));
      }
    }
    return cases;
  }

  /** The same cases through {@code helm template} of the Helm 4 CLI, one process each (dependencies packaged beforehand, not timed). */
  private static void compareWithHelm(ProjectLayout layout, List<Case> cases, long harnessRound, int rounds, PrintStream out) {
    HelmCli helm = HelmCli.locateOrBuild();
    Path scratch;
    try {
      scratch = Files.createTempDirectory("chart-harness-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      List<List<String>> commands = new ArrayList<>();
      for (Case benchCase : cases) {
        Path input = HelmParity.helmInput(helm, benchCase.chart(), scratch);
        String name = benchCase.chart().getFileName().toString();
        List<String> command = new ArrayList<>(List.of("template", name, input.toString(), "--namespace", name,
            "--kube-version", RenderCommand.DEFAULT_KUBE_VERSION));
        benchCase.valuesFiles().forEach(file -> command.addAll(List.of("-f", file.toString())));
        benchCase.sets().forEach(set -> command.addAll(List.of("--set", set)));
        commands.add(command);
      }
      List<Long> helmRounds = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        long start = System.nanoTime();
        for (List<String> command : commands) {
          helm.call(scratch, command.toArray(String[]::new));
        }
        helmRounds.add((System.nanoTime() - start) / 1_000_000);
      }
      helmRounds.sort(Long::compare);
      long helmRound = helmRounds.get(helmRounds.size() / 2);
      out.printf("helm template (Helm CLI %s, one process per case) for the same %d cases: median %d ms over %d rounds (%.1f ms per case)%n",
          helm.version(), cases.size(), helmRound, rounds, helmRound / (double) cases.size());
      out.printf("ratio: the harness renders and validates %.1fx faster per case than helm template renders alone%n",
          helmRound / (double) Math.max(harnessRound, 1));
      // What of helm template's time is the process itself: the same number of `helm version` runs, which render nothing.
      List<Long> startRounds = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        long start = System.nanoTime();
        for (int call = 0; call < commands.size(); call++) {
          helm.call(scratch, "version", "--short");
        }
        startRounds.add((System.nanoTime() - start) / 1_000_000);
      }
      startRounds.sort(Long::compare);
      long startRound = startRounds.get(startRounds.size() / 2);
      out.printf("of which the Helm CLI process alone (helm version, as many runs): %.1f ms per case; Helm's loading and rendering %.1f ms"
              + " per case, against the harness's %.1f ms for loading, rendering (embedded Helm) and validating%n",
          startRound / (double) cases.size(), (helmRound - startRound) / (double) cases.size(), harnessRound / (double) cases.size());
    } finally {
      dev.chartharness.base.FileTrees.delete(scratch);
    }
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
