package dev.chartharness.cli;

import dev.chartharness.render.ChartRenderException;
import dev.chartharness.validate.Finding;
import dev.chartharness.validate.Policy;
import dev.chartharness.validate.ReportFormat;
import dev.chartharness.validate.Severity;
import dev.chartharness.validate.ValidateCommand;
import dev.chartharness.validate.ValidationReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code validate CHART [-f VALUES]...}: one finding per line (or JSON, or JUnit XML for CI tools), exit 1
 * on any error. {@code --policy RULE=error|warning|off} (a comma list) adjusts the policy rules;
 * {@code --crd FILE} adds CustomResourceDefinitions to check custom resources against.
 */
final class ValidateVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "validate CHART_DIR|CHART.tgz [-f VALUES]... [--set K=V]... [--release NAME] [--namespace NS] [--kube-version X.Y]"
        + " [--policy RULE=error|warning|off,...] [--crd FILE]... [--output text|json|junit]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of("values", "set", "release", "namespace", "kube-version", "policy", "crd", "output"), Set.of());
    Policy policy = policy(arguments.option("policy").orElse(null));
    ReportFormat format = format(arguments.option("output").orElse("text"));
    List<Path> crds = arguments.options("crd").stream().map(Path::of).toList();
    ValidationReport report;
    try {
      report = ValidateCommand.release(RenderVerb.render(arguments)).withPolicy(policy).withCrds(crds).call();
    } catch (ChartRenderException e) {
      // A chart Helm refuses to render (values against values.schema.json, a template's fail, Chart.yaml) is a finding too.
      Finding finding = Finding.error("render", "chart " + e.chart(), e.file().orElse("Chart"), e.helmMessage().strip());
      out.print(format.write(List.of(finding), "chart " + e.chart()));
      return 1;
    } catch (IllegalArgumentException e) {
      throw new UsageException("--crd: " + e.getMessage());
    }
    out.print(format.write(report.findings(), report.release().chart().name()));
    if (format == ReportFormat.TEXT) {
      out.println(report.errors().size() + " error" + (report.errors().size() == 1 ? "" : "s") + ", "
          + report.warnings().size() + " warning" + (report.warnings().size() == 1 ? "" : "s")
          + " in " + report.release().objects().size() + " objects");
    }
    return report.hasErrors() ? 1 : 0;
  }

  private static ReportFormat format(String name) {
    try {
      return ReportFormat.valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--output takes text, json or junit, got " + name);
    }
  }

  static Policy policy(String settings) {
    Policy policy = Policy.defaults();
    if (settings == null) {
      return policy;
    }
    if (settings.isBlank()) {
      throw new UsageException("--policy takes RULE=error|warning|off[,...]; rules are " + Policy.defaults().rules().keySet());
    }
    for (String setting : settings.split(",", -1)) {
      String[] parts = setting.split("=", 2);
      if (setting.isBlank() || parts.length != 2) {
        throw new UsageException("--policy takes RULE=error|warning|off, got \"" + setting + "\"; rules are " + Policy.defaults().rules().keySet());
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
        throw new UsageException("--policy: " + e.getMessage());
      }
    }
    return policy;
  }
}
