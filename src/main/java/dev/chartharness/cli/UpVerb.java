package dev.chartharness.cli;

import dev.chartharness.install.HelmBackend;
import dev.chartharness.pipeline.ChartPipeline;
import dev.chartharness.cluster.ClusterSelection;
import dev.chartharness.cluster.Detachable;
import dev.chartharness.cluster.DetachedCluster;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.cluster.Progress;
import dev.chartharness.render.Chart;
import dev.chartharness.render.Environment;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.verify.VerificationReport;
import dev.chartharness.verify.VerifiedCheck;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code up [--env dev] [--cluster ...] [--detach]}: an ephemeral cluster with every application
 * installed for one environment and verified; runs until interrupted, then removes everything.
 */
final class UpVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "up [--env dev] [--cluster local|real-pods|k3s|kubeconfig:PATH] [--helm embedded|cli|cli:PATH] [--timeout SECONDS] [--detach]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("env", "cluster", "timeout", "helm"), Set.of("detach"));
    ClusterSelection.Choice choice = VerifyVerb.selection(arguments).forMainJob();
    ClusterSelection selection = choice.selection();
    Signals.shutDownOnInterrupt();
    ProjectLayout layout = ProjectLayout.current();
    Environment environment = layout.environments().get(arguments.option("env").orElse("dev"));
    Duration timeout = Duration.ofSeconds(Long.parseLong(arguments.option("timeout").orElse("300")));
    Progress progress = Progress.to(out);
    progress.step("starting a " + selection + " cluster for environment " + environment + " (" + choice.reason() + ")");
    EphemeralCluster cluster = selection.newCluster(ProjectImages.forCluster(layout, selection));
    // Registered before the cluster starts, so Ctrl-C at any point ends with what was removed, not a stack trace.
    Thread cleanup = new Thread(() -> stop(cluster, out), "up-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    cluster.start();
    boolean failed = false;
    HelmBackend backend = arguments.option("helm").map(VerifyVerb::backend).orElseGet(HelmBackend::select);
    // Every application in its own namespace, side by side: their pods start, probe and migrate at the same time.
    List<Chart> charts = layout.applicationCharts();
    java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, charts.size()));
    List<java.util.concurrent.Future<VerificationReport>> pending = new ArrayList<>();
    List<VerificationReport> reports = new ArrayList<>();
    try {
      for (Chart chart : charts) {
        String namespace = cluster.createNamespaceNamed(chart.name());
        progress.step(chart.name() + " [" + environment + "]: render, validate, install, verify");
        ChartPipeline pipeline = ChartPipeline.chart(chart.directory()).withReleaseName(chart.name()).withNamespace(namespace)
            .withValuesFiles(InstallValues.of(layout, environment, chart.name(), cluster)).withInstallTimeout(timeout)
            .withBackend(backend).withProgress(progress::step);
        pending.add(workers.submit(() -> pipeline.verify(cluster, namespace).verification()));
      }
      for (java.util.concurrent.Future<VerificationReport> report : pending) {
        reports.add(result(report));
      }
    } finally {
      workers.shutdownNow();
    }
    Signals.shutDownOnInterrupt();  // Helm's Go runtime may have taken the handlers again.
    for (VerificationReport report : reports) {
      failed |= !report.passed();
    }
    out.println();
    out.println("Running on " + cluster.capabilities() + ":");
    for (VerificationReport report : reports) {
      out.println("  release " + report.release().name() + " in namespace " + report.release().namespace() + " (revision " + report.release().revision() + ", " + report.release().status() + ")");
      for (VerifiedCheck check : report.checks()) {
        out.println("    " + (check.passed() ? "" : "FAILED ") + describe(check));
      }
      if (!report.passed()) {
        out.print(report.diagnostics());
      }
    }
    curlLines(reports, cluster.capabilities()).forEach(out::println);
    out.println("kubeconfig: " + cluster.kubeconfig() + "   (e.g. kubectl --kubeconfig " + cluster.kubeconfig() + " get pods -A)");
    if (arguments.flag("detach")) {
      Runtime.getRuntime().removeShutdownHook(cleanup);
      if (cluster instanceof Detachable detachable) {
        DetachedCluster detached = detachable.detach();
        out.println("left running as " + detached.name() + "; stop it with: java -jar target/chart-harness.jar down " + detached.name());
      } else {
        out.println("left the releases in place on the existing cluster");
      }
      return failed ? 1 : 0;
    }
    out.println((failed ? "some checks failed (see above); " : "") + "up: press Ctrl-C to stop and remove everything");
    // Until interrupted, or until whatever started us (a shell, Maven) is gone: then the hooks remove everything.
    Signals.shutDownOnInterrupt();
    CountDownLatch stop = new CountDownLatch(1);
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(stop::countDown));
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.println("up: the process that started it has exited; removing everything");
    return failed ? 1 : 0;
  }

  /** A pipeline's report, or what it threw, as it threw it. */
  private static VerificationReport result(java.util.concurrent.Future<VerificationReport> report) {
    try {
      return report.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the applications were installed", e);
    }
  }

  /** The shutdown hook: removes the cluster (waiting for a start in progress) and says so. */
  private static void stop(EphemeralCluster cluster, PrintStream out) {
    out.println("up: stopping; removing the cluster, its releases and everything it started");
    try {
      cluster.close();
      out.println("up: stopped; everything removed");
    } catch (RuntimeException e) {
      out.println("up: stopped, but removing the cluster failed: " + e.getMessage());
    }
    out.flush();
  }

  private static final java.util.regex.Pattern PROBED = java.util.regex.Pattern.compile("GET (\\S+?)(/\\S*)");

  /**
   * A working request per application through the ingress controller, with the rule's Host header: the path each
   * route check requested (its backend's probe where it has one).
   */
  static List<String> curlLines(List<VerificationReport> reports, dev.chartharness.cluster.ClusterCapabilities capabilities) {
    List<String> lines = new ArrayList<>();
    if (capabilities.ingressHttpBase() == null) {
      lines.add("no ingress controller answers HTTP on " + capabilities.backend() + " (routes are checked, not served): --cluster real-pods or k3s serves them");
      return lines;
    }
    for (VerificationReport report : reports) {
      for (VerifiedCheck check : report.checks()) {
        java.util.regex.Matcher probed = PROBED.matcher(check.detail());
        if (check.check().equals("ingress-route") && check.passed() && probed.find()) {
          lines.add("try " + report.release().name() + ": curl -H 'Host: " + probed.group(1) + "' " + capabilities.ingressHttpBase() + probed.group(2));
        }
      }
    }
    return lines;
  }

  private static String describe(VerifiedCheck check) {
    return switch (check.check()) {
      case "ready-endpoints" -> check.object() + " endpoints " + check.detail();
      case "ingress-route" -> "route " + check.object().substring(check.object().indexOf(' ') + 1) + ": " + check.detail();
      case "job-complete" -> check.object() + " " + check.detail();
      default -> check.object() + ": " + check.detail();
    };
  }
}
