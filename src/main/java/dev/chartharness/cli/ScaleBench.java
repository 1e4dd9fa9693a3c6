package dev.chartharness.cli;

import dev.chartharness.base.Await;
import dev.chartharness.cluster.ApiServerMemory;
import dev.chartharness.cluster.ClusterSelection;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.cluster.HostTools;
import dev.chartharness.cluster.LocalControlPlaneCluster;
import dev.chartharness.cluster.SimulatedNodes;
import dev.chartharness.install.HelmBackend;
import dev.chartharness.pipeline.ChartPipeline;
import dev.chartharness.pipeline.ReleaseRun;
import dev.chartharness.pipeline.ScaleReport;
import dev.chartharness.pipeline.ScaleRun;
import dev.chartharness.render.Chart;
import dev.chartharness.render.Environment;
import dev.chartharness.render.PodRequests;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.validate.ValidationReport;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scale part of {@code bench}: {@code --scale N[,N...]} installs N copies of every application, each release into a
 * namespace of its own, on one cluster through {@link ScaleRun}'s pool of {@code --workers}, for each N in turn, and prints
 * a row per N (cluster start, wall time, time per release, p50/p95 of the releases' own times, API server memory) and how
 * one cluster for N copies compares with N clusters. On the local control plane each N gets a fresh cluster, its simulated
 * nodes sized from the rendered requests, so that each row's memory is that N's alone; an existing cluster is reused.
 */
final class ScaleBench {

  /** How long the namespaces of one N may take to go. */
  private static final Duration REMOVAL_TIMEOUT = Duration.ofMinutes(5);

  /**
   * What {@code bench --scale} was asked for, checked before anything starts.
   *
   * @param copies the N of each row, in order
   * @param workers how many releases install at once
   * @param environment the values environment
   * @param selection {@code local} or {@code kubeconfig:PATH}
   * @param helm the release backend's spec ({@code embedded}, {@code cli}, {@code cli:PATH}); the run's ({@link HelmBackend#select}) when not given
   */
  record Options(List<Integer> copies, int workers, Environment environment, ClusterSelection selection, Optional<String> helm) {
  }

  /**
   * One N.
   *
   * @param nodes simulated nodes (0 on an existing cluster)
   * @param clusterStart how long the cluster took to start (or, existing, to answer)
   * @param report the releases
   * @param idle the API server's memory before the releases
   * @param after its memory after them
   * @param removal how long the namespaces took to go on an existing cluster (on the local control plane they go with it)
   * @param removed false when some were still there at the timeout
   * @param stop how long the cluster took to stop (zero for an existing cluster)
   */
  private record Row(int copies, int nodes, Duration clusterStart, ScaleReport report, Optional<ApiServerMemory> idle,
                     Optional<ApiServerMemory> after, Optional<Duration> removal, boolean removed, Duration stop) {
  }

  private final Options options;
  private final ProjectLayout layout;

  private ScaleBench(Options options, ProjectLayout layout) {
    this.options = options;
    this.layout = layout;
  }

  static ScaleBench of(Arguments arguments, ProjectLayout layout) {
    return new ScaleBench(options(arguments, layout), layout);
  }

  /** Every option checked, naming the one that is wrong; nothing starts before. */
  static Options options(Arguments arguments, ProjectLayout layout) {
    for (String renderOnly : List.of("iterations", "no-cluster")) {
      if (arguments.flag(renderOnly)) {
        throw new UsageException("--" + renderOnly + " is for the render bench; --scale runs only the scale part");
      }
    }
    List<Integer> copies = copies(arguments.option("scale").orElseThrow());
    int workers = workers(arguments.option("workers").orElse(String.valueOf(ScaleRun.DEFAULT_WORKERS)));
    ClusterSelection selection = selection(arguments.option("cluster").orElse("local"));
    String name = arguments.option("env").orElse("dev");
    Environment environment;
    try {
      environment = layout.environments().get(name);
    } catch (NoSuchElementException e) {
      throw new UsageException("--env: " + e.getMessage());
    }
    return new Options(copies, workers, environment, selection, arguments.option("helm"));
  }

  /** {@code 1,10,50}: positive whole numbers separated by commas. */
  static List<Integer> copies(String value) {
    List<Integer> copies = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      try {
        int n = Integer.parseInt(part.strip());
        if (n > 0) {
          copies.add(n);
          continue;
        }
      } catch (NumberFormatException ignored) {
        // Reported below, naming the option.
      }
      throw new UsageException("--scale takes positive whole numbers separated by commas (e.g. 1,10,50), got \"" + value + "\"");
    }
    return List.copyOf(copies);
  }

  static int workers(String value) {
    return Arguments.positiveNumber("workers", value);
  }

  /** The local control plane (a fresh one per N) or an existing cluster (where users run at scale). */
  static ClusterSelection selection(String value) {
    ClusterSelection selection;
    try {
      selection = ClusterSelection.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--cluster: " + e.getMessage());
    }
    if (selection.kind() != ClusterSelection.Kind.LOCAL && selection.kind() != ClusterSelection.Kind.KUBECONFIG) {
      throw new UsageException("--scale runs on --cluster local or kubeconfig:PATH, not " + selection);
    }
    return selection;
  }

  int run(PrintStream out, PrintStream err) {
    HelmBackend backend = options.helm().map(VerifyVerb::backend).orElseGet(HelmBackend::select);
    List<ChartPipeline> pipelines = new ArrayList<>();
    PodRequests perCopy = PodRequests.NONE;
    for (Chart chart : layout.applicationCharts()) {
      ChartPipeline pipeline = ChartPipeline.chart(chart.directory()).withReleaseName(chart.name()).withBackend(backend).withHelmTests(false)
          .withValuesFiles(options.environment().valuesFiles(layout.valuesDirectory(), chart.name()));
      ValidationReport validation = pipeline.validate();
      if (validation.hasErrors()) {
        validation.errors().forEach(out::println);
        out.println("bench --scale: " + chart.name() + " [" + options.environment() + "] has validation errors; nothing installed");
        return 1;
      }
      pipelines.add(pipeline);
      perCopy = perCopy.plus(PodRequests.of(pipeline.render()));
    }
    Signals.shutDownOnInterrupt();  // The render ran Helm's Go runtime, which takes Ctrl-C for itself.
    boolean local = options.selection().kind() == ClusterSelection.Kind.LOCAL;
    List<String> names = pipelines.stream().map(pipeline -> pipeline.render().name()).toList();
    out.printf("bench --scale: %s [%s] x N copies, each release in a namespace of its own (%s-<copy>-<release>-xxxxx), %d workers, %s%n",
        String.join(" and ", names), options.environment(), ScaleRun.DEFAULT_PREFIX, options.workers(), backend.describe());
    out.println("  per release: namespace, install --wait, verify (endpoints, routes, jobs, claims); helm tests skipped: on simulated pods they"
        + " prove only admission and scheduling. Each application validated once; the copies install the same render");
    out.println(local
        ? "  cluster: a fresh local control plane per N (start measured apart), simulated nodes for " + perCopy + " per copy, no node beyond "
            + Math.round(SimulatedNodes.FILL * 100) + "% of " + SimulatedNodes.PODS + " pods / " + SimulatedNodes.CPU_MILLIS / 1000 + " CPU / "
            + (SimulatedNodes.MEMORY_BYTES >> 30) + " GiB"
        : "  cluster: " + options.selection() + ", one for every N (start = reaching it); API server memory from /metrics where readable");
    out.println();
    out.println("| N | releases | simulated nodes | cluster start | wall | per release | p50 | p95 | API server RSS idle -> after | namespaces removed | cluster stop | result |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    List<Row> rows = new ArrayList<>();
    EphemeralCluster existing = local ? null : options.selection().newCluster();
    boolean failed = false;
    try {
      for (int copies : options.copies()) {
        Row row = measure(pipelines, copies, perCopy, existing, err);
        rows.add(row);
        failed |= !row.report().passed() || !row.removed();
        out.println(row(row));
        for (ReleaseRun failure : row.report().failures().subList(0, Math.min(3, row.report().failures().size()))) {
          out.println("  FAILED " + failure.release() + " copy " + failure.copy() + " in " + failure.namespace() + ": " + failure.failure());
        }
      }
    } finally {
      if (existing != null) {
        existing.close();
      }
    }
    out.println();
    comparison(rows, local).forEach(out::println);
    return failed ? 1 : 0;
  }

  private Row measure(List<ChartPipeline> pipelines, int copies, PodRequests perCopy, EphemeralCluster existing, PrintStream err) {
    int nodes = existing == null ? SimulatedNodes.needed(perCopy.times(copies).pods(), perCopy.times(copies).milliCpu(),
        perCopy.times(copies).memoryBytes()) : 0;
    EphemeralCluster cluster = existing != null ? existing : LocalControlPlaneCluster.buildingIfNeeded().withSimulatedNodes(nodes);
    int releases = copies * pipelines.size();
    AtomicInteger done = new AtomicInteger();
    ScaleRun run = ScaleRun.of(pipelines).withCopies(copies).withWorkers(options.workers()).onEachRelease(release -> {
      int count = done.incrementAndGet();
      Signals.shutDownOnInterrupt();  // Helm's Go runtime may have taken the handlers again.
      if (!release.passed() || count == releases || count % Math.max(1, releases / 10) == 0) {
        err.printf("  N=%d: %d/%d releases done (%s copy %d: %s, %s)%n", copies, count, releases, release.release(), release.copy(),
            release.passed() ? "passed" : "FAILED", seconds(release.elapsed()));
      }
    });
    // Registered before the cluster starts, so Ctrl-C at any point stops the workers and removes what they made.
    Thread cleanup = new Thread(() -> interrupted(run, cluster, err), "bench-scale-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      long start = System.nanoTime();
      cluster.start();
      Duration clusterStart = Duration.ofNanos(System.nanoTime() - start);
      Optional<ApiServerMemory> idle = ApiServerMemory.of(cluster);
      ScaleReport report = run.run(cluster);
      Optional<ApiServerMemory> after = ApiServerMemory.of(cluster);
      Optional<Duration> removal = Optional.empty();
      boolean removed = true;
      long stopping = System.nanoTime();
      if (existing == null) {
        cluster.close();  // Its namespaces go with it: deleting them first would only wait on the namespace controller.
      } else {
        try {
          run.removeNamespaces(REMOVAL_TIMEOUT);
          removal = Optional.of(Duration.ofNanos(System.nanoTime() - stopping));
        } catch (Await.WaitFailedException e) {
          removed = false;
          err.println("bench --scale: " + e.getMessage());
        }
      }
      return new Row(copies, nodes, clusterStart, report, idle, after, removal, removed,
          existing == null ? Duration.ofNanos(System.nanoTime() - stopping) : Duration.ZERO);
    } finally {
      HostTools.removeShutdownHook(cleanup);
      if (existing == null) {
        cluster.close();  // Already closed unless something failed on the way; closing twice does nothing.
      }
    }
  }

  /** The shutdown hook: no new releases, then the cluster (local) or the namespaces (existing) go. */
  private static void interrupted(ScaleRun run, EphemeralCluster cluster, PrintStream err) {
    err.println("bench --scale: stopping; removing the namespaces and the cluster it started");
    run.cancel();
    try {
      cluster.close();
      err.println("bench --scale: stopped; " + run.namespaces().size() + " namespaces removed"
          + (cluster instanceof LocalControlPlaneCluster ? " with the cluster" : " (deleted; the API server removes their objects)"));
    } catch (RuntimeException e) {
      err.println("bench --scale: stopped, but removing failed: " + e.getMessage());
    }
    err.flush();
  }

  private static String row(Row row) {
    ScaleReport report = row.report();
    return "| " + row.copies() + " | " + report.releases().size() + " | " + (row.nodes() == 0 ? "n/a" : String.valueOf(row.nodes()))
        + " | " + seconds(row.clusterStart()) + " | " + seconds(report.wall()) + " | " + seconds(report.perRelease())
        + " | " + seconds(report.percentile(0.5)) + " | " + seconds(report.percentile(0.95))
        + " | " + row.idle().map(memory -> (memory.residentBytes() >> 20) + " MiB").orElse("n/a") + " -> "
        + row.after().map(ApiServerMemory::describe).orElse("n/a")
        + " | " + (!row.removed() ? "NOT ALL (timeout)" : row.removal().map(removal -> report.releases().size() + " in " + seconds(removal))
            .orElse("with the cluster"))
        + " | " + (row.nodes() == 0 ? "n/a" : seconds(row.stop()))
        + " | " + (report.passed() ? "all passed" : report.failures().size() + " FAILED") + " |";
  }

  /**
   * Time per release from row to row, and one cluster for N copies against N clusters. The N clusters are not run: they are
   * N times the N=1 row's cluster start plus wall time, and N times its API server's memory after.
   */
  private static List<String> comparison(List<Row> rows, boolean local) {
    List<String> lines = new ArrayList<>();
    lines.add("time per release (wall / releases): " + String.join(", ", rows.stream()
        .map(row -> seconds(row.report().perRelease()) + " at N=" + row.copies()).toList()));
    if (!local) {
      lines.add("one cluster vs N clusters: n/a on an existing cluster (it was not started here)");
      return lines;
    }
    Optional<Row> single = rows.stream().filter(row -> row.copies() == 1).findFirst();
    if (single.isEmpty()) {
      lines.add("one cluster vs N clusters: needs an N=1 row (e.g. --scale 1," + rows.get(0).copies() + ")");
      return lines;
    }
    Duration oneCopy = single.get().clusterStart().plus(single.get().report().wall());
    lines.add("one cluster for N copies vs N clusters (N clusters derived from the N=1 row, not run: N x (its cluster start "
        + seconds(single.get().clusterStart()) + " + its wall " + seconds(single.get().report().wall()) + "), N x its API server RSS after):");
    for (Row row : rows) {
      if (row.copies() == 1) {
        continue;
      }
      Duration one = row.clusterStart().plus(row.report().wall());
      Duration many = oneCopy.multipliedBy(row.copies());
      String memory = "";
      if (row.after().isPresent() && single.get().after().isPresent()) {
        long oneMemory = row.after().get().residentBytes();
        long manyMemory = single.get().after().get().residentBytes() * row.copies();
        memory = String.format(Locale.ROOT, ", API server %d MiB vs %d MiB (%.2fx)", oneMemory >> 20, manyMemory >> 20, oneMemory / (double) manyMemory);
      }
      lines.add(String.format(Locale.ROOT, "  N=%d: one cluster %s vs %d clusters %s (%.2fx the time)%s", row.copies(), seconds(one), row.copies(),
          seconds(many), one.toNanos() / (double) many.toNanos(), memory));
    }
    return lines;
  }

  /** {@code 3.42 s} below ten seconds, {@code 23.4 s} above. */
  static String seconds(Duration duration) {
    double seconds = duration.toNanos() / 1e9;
    return String.format(Locale.ROOT, seconds < 10 ? "%.2f s" : "%.1f s", seconds);
  }
}
