package dev.chartharness.cli;

import dev.chartharness.docs.ChartDocs;
import dev.chartharness.docs.GeneratedFile;
import dev.chartharness.render.ProjectLayout;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code docs [REPOSITORY_DIR] [--check]}: regenerates every chart's README parameter tables and values.schema.json
 * from its values comments; {@code --check} writes nothing and exits 1 listing the files that differ.
 */
final class DocsVerb implements Subcommand {

  @Override
  public String synopsis() {
    return "docs [REPOSITORY_DIR] [--check]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Arguments arguments = Arguments.parse(args, Set.of(), Set.of("check"));
    String directory = arguments.positional().isEmpty() ? "." : arguments.positional().get(0);
    ChartDocs docs = ChartDocs.of(new ProjectLayout(Path.of(directory)).installableCharts());
    docs.handWrittenSchemas().forEach(schema -> out.println("kept " + schema + " (written by hand: docs generates a schema where there is none, or over one it wrote)"));
    if (arguments.flag("check")) {
      List<GeneratedFile> drifted = docs.drifted();
      drifted.forEach(file -> out.println("drifted " + file.path()));
      if (!drifted.isEmpty()) {
        err.println(drifted.size() + " file(s) differ from what the values comments generate: run `java -jar chart-harness.jar docs "
            + directory + "` to rewrite them");
        return 1;
      }
      out.println("up to date: " + docs.files().size() + " generated files");
      return 0;
    }
    for (GeneratedFile file : docs.files()) {
      out.println((file.write() ? "updated " : "unchanged ") + file.path());
    }
    return 0;
  }
}
