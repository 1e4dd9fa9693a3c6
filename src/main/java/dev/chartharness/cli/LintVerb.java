package dev.chartharness.cli;

import dev.chartharness.validate.ChartLint;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code lint CHART_DIR [-f VALUES]...}: {@code helm lint --strict} with the values files applied. */
final class LintVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "lint CHART_DIR [-f VALUES]...";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("values"), Set.of());
    ChartLint.LintReport report = ChartLint.lint(Path.of(arguments.requiredPositional(0, "CHART_DIR")), arguments.valuesFiles());
    report.messages().forEach(out::println);
    out.println(report.failed() ? "lint failed" : "lint passed");
    return report.failed() ? 1 : 0;
  }
}
