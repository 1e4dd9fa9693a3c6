package dev.chartharness.cli;

import dev.chartharness.render.ChartRenderException;
import dev.chartharness.validate.Policy;
import dev.chartharness.validate.Severity;
import dev.chartharness.validate.ValidateCommand;
import dev.chartharness.validate.ValidationReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code validate CHART_DIR [-f VALUES]...}: one finding per line, exit 1 on any error.
 * {@code --policy RULE=error|warning|off} (repeatable as a comma list) adjusts the policy rules.
 */
final class ValidateVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "validate CHART_DIR [-f VALUES]... [--set K=V]... [--release NAME] [--namespace NS] [--kube-version X.Y] [--policy RULE=error|warning|off,...]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("release", "namespace", "kube-version", "policy"), Set.of());
    Policy policy = policy(arguments.option("policy").orElse(""));
    ValidationReport report;
    try {
      report = ValidateCommand.release(RenderVerb.render(arguments)).withPolicy(policy).call();
    } catch (ChartRenderException e) {
      // Values that fail the chart's values.schema.json or a template's fail are findings too.
      out.println("ERROR values " + e.valuesFiles() + ": " + e.helmMessage().strip() + " [values]");
      out.println("1 error, 0 warnings");
      return 1;
    }
    report.findings().forEach(out::println);
    out.println(report.errors().size() + " error" + (report.errors().size() == 1 ? "" : "s") + ", "
        + report.warnings().size() + " warning" + (report.warnings().size() == 1 ? "" : "s")
        + " in " + report.release().objects().size() + " objects");
    return report.hasErrors() ? 1 : 0;
  }

  static Policy policy(String settings) {
    Policy policy = Policy.defaults();
    for (String setting : settings.split(",")) {
      if (setting.isBlank()) {
        continue;
      }
      String[] parts = setting.split("=", 2);
      if (parts.length != 2) {
        throw new UsageException("--policy takes RULE=error|warning|off, got " + setting + "; rules are " + Policy.defaults().rules().keySet());
      }
      String level = parts[1].strip().toLowerCase(Locale.ROOT);
      try {
        policy = switch (level) {
          case "off" -> policy.without(parts[0].strip());
          case "error" -> policy.withSeverity(parts[0].strip(), Severity.ERROR);
          case "warning" -> policy.withSeverity(parts[0].strip(), Severity.WARNING);
          default -> throw new UsageException("--policy level must be error, warning or off, got " + parts[1]);
        };
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    return policy;
  }

}
