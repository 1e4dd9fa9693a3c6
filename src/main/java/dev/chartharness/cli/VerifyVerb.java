package dev.chartharness.cli;

import dev.chartharness.cluster.ClusterSelection;
import dev.chartharness.cluster.Detachable;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.render.RenderedRelease;
import dev.chartharness.verify.ExternalSecrets;
import dev.chartharness.verify.InstalledRelease;
import dev.chartharness.verify.ReleaseInstall;
import dev.chartharness.verify.VerificationReport;
import dev.chartharness.verify.VerifyCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code verify CHART_DIR [-f VALUES]... [--cluster ...]}: starts (or reaches) a cluster, installs the
 * chart into a throwaway restricted namespace, verifies it and prints the report; exit 1 on failure.
 */
final class VerifyVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "verify CHART_DIR [-f VALUES]... [--set K=V]... [--cluster local|k3s|kubeconfig:PATH] [--release NAME] [--timeout SECONDS] [--verify-timeout SECONDS] [--no-stub-secrets] [--keep]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("cluster", "release", "timeout", "verify-timeout", "kube-version", "namespace"), Set.of("keep", "no-stub-secrets"));
    Signals.shutDownOnInterrupt();
    Path chart = Path.of(arguments.requiredPositional(0, "CHART_DIR"));
    RenderedRelease rendered = RenderVerb.render(arguments);
    Duration timeout = Duration.ofSeconds(Long.parseLong(arguments.option("timeout").orElse("300")));
    EphemeralCluster cluster = selection(arguments).newCluster().start();
    try {
      String namespace = cluster.createNamespace(rendered.name());
      out.println("namespace " + namespace + " (enforces the restricted Pod Security Standard) on " + cluster.capabilities());
      if (!arguments.flag("no-stub-secrets")) {
        ExternalSecrets.stub(rendered, cluster.client(), namespace).forEach(secret -> out.println("stubbed Secret " + secret + " the release expects to exist"));
      }
      ReleaseInstall install = ReleaseInstall.chart(chart).into(cluster, namespace).withReleaseName(rendered.name())
          .withValuesFiles(arguments.valuesFiles()).withTimeout(timeout);
      arguments.setValues().forEach(install::set);
      InstalledRelease release = install.install();
      VerificationReport report = VerifyCommand.release(release, cluster)
          .withTimeout(arguments.option("verify-timeout").map(seconds -> Duration.ofSeconds(Long.parseLong(seconds))).orElse(VerifyCommand.DEFAULT_TIMEOUT))
          .call();
      out.print(report.describe());
      if (arguments.flag("keep")) {
        out.println("cluster kept: kubeconfig " + cluster.kubeconfig()
            + (cluster instanceof Detachable detachable ? "; remove it with: java -jar target/chart-harness.jar down " + detachable.detach().name() : ""));
      }
      return report.passed() ? 0 : 1;
    } finally {
      if (!arguments.flag("keep")) {
        cluster.close();
      }
    }
  }

  static ClusterSelection selection(Arguments arguments) {
    try {
      return arguments.option("cluster").map(ClusterSelection::parse).orElseGet(ClusterSelection::current);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
