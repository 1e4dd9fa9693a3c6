package dev.chartharness.cli;

import dev.chartharness.publish.VersionDiscipline;
import dev.chartharness.render.ChartRenderException;
import dev.chartharness.render.Environment;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.render.RenderCommand;
import dev.chartharness.render.RenderedRelease;
import dev.chartharness.validate.Finding;
import dev.chartharness.validate.UpgradeBase;
import dev.chartharness.validate.UpgradeDiff;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code upgrade-check BASE [CHART] [-f VALUES]...}: what upgrading from BASE (a git ref, a chart directory or
 * {@code .tgz}, or {@code oci://.../NAME@VERSION} / {@code https://REPO/NAME@VERSION}) to the working tree changes,
 * object by object, and what of it Kubernetes forbids or loses data; for every chart x environment of this
 * repository when no CHART is given. Exit 1 when anything forbidden or dangerous changed.
 */
final class UpgradeCheckVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "upgrade-check [BASE] [CHART_DIR|CHART.tgz [-f VALUES]... [--set K=V]...] [--since REF]"
        + "   (BASE: git ref (default: merge-base with origin/main), chart dir/.tgz, oci://.../NAME@VERSION)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("values", "set", "release", "namespace", "since"), Set.of());
    Path scratch;
    try {
      scratch = Files.createTempDirectory("chart-harness-upgrade-check-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      ProjectLayout layout = ProjectLayout.current();
      String baseSpec = arguments.positional().isEmpty() ? RenderVerb.usageOf("BASE", () -> VersionDiscipline.defaultBase(layout.root()))
          : arguments.positional().get(0);
      UpgradeBase base = RenderVerb.usageOf("BASE", () -> UpgradeBase.of(baseSpec, scratch));
      List<Case> cases = new ArrayList<>();
      int failing = 0;
      if (arguments.positional().size() > 1) {
        Path chart = Path.of(arguments.positional().get(1)).toAbsolutePath();
        cases.add(new Case(chart.getFileName().toString(), chart, arguments.valuesFiles(), arguments.valuesFiles()));
      } else {
        Set<String> only = null;
        if (base.isGitRef()) {
          // Version discipline by content: what changed since the base must carry a new version.
          List<VersionDiscipline.ChartChange> changes = VersionDiscipline.compare(layout, base, scratch.resolve("packages"));
          List<Finding> versions = VersionDiscipline.findings(changes, baseSpec);
          versions.forEach(out::println);
          failing += versions.isEmpty() ? 0 : 1;
          if (arguments.option("since").isPresent()) {
            UpgradeBase since = RenderVerb.usageOf("--since", () -> UpgradeBase.of(arguments.option("since").get(), scratch));
            only = VersionDiscipline.changedSince(layout, VersionDiscipline.compare(layout, since, scratch.resolve("since")));
            out.println("--since " + arguments.option("since").get() + ": " + (only.isEmpty() ? "no chart changed" : "charts changed " + only));
          }
        }
        for (ProjectLayout.ChartEnvironment both : layout.chartEnvironments()) {
          if (only != null && !only.contains(both.chart().name())) {
            continue;
          }
          List<Path> values = both.environment().valuesFiles(layout.valuesDirectory(), both.chart().name());
          List<Path> baseValues = base.isGitRef() ? values.stream().map(base::file).flatMap(Optional::stream).toList() : values;
          cases.add(new Case(both.chart().name() + " [" + label(both.environment()) + "]", both.chart().directory(), values, baseValues));
        }
      }
      for (Case upgrade : cases) {
        RenderedRelease next = render(upgrade.chart(), upgrade.values(), arguments);
        Optional<Path> baseChart = base.chart(upgrade.chart());
        UpgradeDiff.Report report = baseChart.isEmpty()
            ? UpgradeDiff.compare(empty(next), next)
            : UpgradeDiff.compare(render(baseChart.get(), upgrade.baseValues(), arguments), next);
        out.println("== " + upgrade.label() + ": " + (baseChart.isEmpty() ? "new chart" : report.changes().size() + " objects changed")
            + (report.hasErrors() ? ", REFUSED" : ""));
        out.print(report.describe().indent(2));
        failing += report.hasErrors() ? 1 : 0;
      }
      out.println(failing == 0 ? "upgrade-check: nothing forbidden or dangerous in " + cases.size() + " case" + (cases.size() == 1 ? "" : "s")
          : "upgrade-check: " + failing + " of " + cases.size() + " cases change what Kubernetes forbids or loses data");
      return failing == 0 ? 0 : 1;
    } catch (ChartRenderException e) {
      err.println("upgrade-check: " + e.getMessage());
      return 1;
    } finally {
      dev.chartharness.base.FileTrees.delete(scratch);
    }
  }

  /**
   * One chart to check.
   *
   * @param label what it is, for the report
   * @param chart the working tree's chart
   * @param values its values files
   * @param baseValues the base's values files (the same, or the base tree's for a git ref)
   */
  private record Case(String label, Path chart, List<Path> values, List<Path> baseValues) {
  }

  private static String label(Environment environment) {
    return environment.name();
  }

  private static RenderedRelease render(Path chart, List<Path> values, Arguments arguments) {
    RenderCommand command = RenderCommand.chart(chart).withValuesFiles(values);
    RenderVerb.usage("--release", () -> arguments.option("release").ifPresent(command::withReleaseName));
    RenderVerb.usage("--namespace", () -> arguments.option("namespace").ifPresent(command::withNamespace));
    arguments.setValues().forEach(command::set);
    return command.call();
  }

  private static RenderedRelease empty(RenderedRelease next) {
    return new RenderedRelease(next.name(), next.namespace(), next.chart(), List.of(), java.util.Map.of(), next.kubeVersion(), List.of(), List.of(), "", "");
  }
}
