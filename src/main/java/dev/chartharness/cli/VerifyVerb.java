package dev.chartharness.cli;

import dev.chartharness.cluster.ClusterSelection;
import dev.chartharness.cluster.Detachable;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.install.HelmBackend;
import dev.chartharness.install.ReleaseInstall;
import dev.chartharness.pipeline.ChartPipeline;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.validate.ValidationReport;
import dev.chartharness.verify.VerificationReport;
import dev.chartharness.verify.VerifyCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code verify CHART [-f VALUES]... [--cluster ...]}: validates the chart, then starts (or reaches) a cluster,
 * installs it into a throwaway restricted namespace, verifies it and prints the report; exit 1 on failure.
 * A release with validation errors is refused before any cluster starts, unless {@code --ignore-validation}; with
 * {@code --keyring PUBRING} so is a package whose {@code .prov} does not verify (as {@code helm install --verify}).
 */
final class VerifyVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "verify CHART_DIR|CHART.tgz [-f VALUES]... [--set K=V]... [--cluster local|real-pods|k3s|kubeconfig:PATH] [--helm embedded|cli|cli:PATH] [--images TARBALL|DIR]..."
        + " [--release NAME] [--timeout SECONDS] [--verify-timeout SECONDS] [--keyring PUBRING] [--no-stub-secrets] [--ignore-validation] [--notes] [--keep]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("values", "set", "cluster", "release", "timeout", "verify-timeout", "kube-version", "namespace", "images", "helm",
        "keyring"),
        Set.of("keep", "no-stub-secrets", "ignore-validation", "notes"));
    Signals.shutDownOnInterrupt();
    Path chart = Path.of(arguments.requiredPositional(0, "CHART_DIR"));
    ChartPipeline pipeline = ChartPipeline.chart(chart).withValuesFiles(arguments.valuesFiles()).set(arguments.setValues())
        .withInstallTimeout(seconds(arguments, "timeout", ReleaseInstall.DEFAULT_TIMEOUT))
        .withVerifyTimeout(seconds(arguments, "verify-timeout", VerifyCommand.DEFAULT_TIMEOUT))
        .withStubbedSecrets(!arguments.flag("no-stub-secrets")).withNotesCommands(arguments.flag("notes")).withProgress(out::println);
    RenderVerb.usage("--release", () -> arguments.option("release").ifPresent(pipeline::withReleaseName));
    RenderVerb.usage("--kube-version", () -> arguments.option("kube-version").ifPresent(pipeline::withKubeVersion));
    arguments.option("helm").ifPresent(spec -> pipeline.withBackend(backend(spec)));
    // As helm install --verify --keyring: the package's .prov must verify before anything of it is rendered or installed.
    arguments.option("keyring").ifPresent(keyring -> pipeline.verifyingProvenance(Path.of(keyring)));
    if (arguments.flag("ignore-validation")) {
      pipeline.installingDespiteErrors();
    }
    // Validate before a cluster starts: a release with errors is refused in seconds, naming them.
    ValidationReport validation = pipeline.validate();
    validation.findings().forEach(finding -> out.println(finding));
    if (validation.hasErrors() && !arguments.flag("ignore-validation")) {
      out.println("verify: " + validation.errors().size() + " validation error(s); nothing installed (--ignore-validation installs anyway)");
      return 1;
    }
    List<Path> images = arguments.options("images").stream().map(Path::of).toList();
    ClusterSelection selection = selection(arguments);
    EphemeralCluster cluster = selection.newCluster(images.isEmpty() ? ProjectImages.forCluster(ProjectLayout.current(), selection) : images).start();
    try {
      String namespace = cluster.createNamespace(pipeline.render().name());
      out.println("namespace " + namespace + " (enforces the restricted Pod Security Standard) on " + cluster.capabilities());
      VerificationReport report = pipeline.verify(cluster, namespace).verification();
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

  private static Duration seconds(Arguments arguments, String option, Duration otherwise) {
    return arguments.option(option).map(value -> {
      try {
        long seconds = Long.parseLong(value.strip());
        if (seconds > 0) {
          return Duration.ofSeconds(seconds);
        }
      } catch (NumberFormatException ignored) {
        // Reported below, naming the option.
      }
      throw new UsageException("--" + option + " takes a positive number of seconds, got \"" + value + "\"");
    }).orElse(otherwise);
  }

  /** The release backend {@code --helm} names; a bad name is a usage error. */
  static HelmBackend backend(String spec) {
    try {
      return HelmBackend.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--helm: " + e.getMessage());
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
