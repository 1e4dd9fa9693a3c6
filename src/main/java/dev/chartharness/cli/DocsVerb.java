package dev.chartharness.cli;

import dev.chartharness.docs.ParameterTable;
import dev.chartharness.render.Chart;
import dev.chartharness.render.ProjectLayout;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code docs [REPOSITORY_DIR]}: regenerates every chart README's parameter tables from its values comments. */
final class DocsVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "docs [REPOSITORY_DIR]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of(), Set.of());
    ProjectLayout layout = new ProjectLayout(Path.of(arguments.positional().isEmpty() ? "." : arguments.positional().get(0)));
    for (Chart chart : layout.installableCharts()) {
      if (Files.isRegularFile(chart.directory().resolve("README.md"))) {
        out.println((ParameterTable.write(chart.directory()) ? "updated " : "unchanged ") + chart.directory().resolve("README.md"));
      }
    }
    return 0;
  }
}
