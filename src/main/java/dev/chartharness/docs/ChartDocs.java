package dev.chartharness.docs;

import dev.chartharness.render.Chart;
import dev.chartharness.render.ChartDependency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code docs} generates for a set of charts from their {@code values.yaml} comments: the README's parameter
 * tables (where the chart has a README) and {@code values.schema.json} (where the values carry {@code @param}
 * comments, and no schema written by hand is there).
 *
 * @param files every generated file with its text
 * @param handWrittenSchemas schemas without the generated marker, which {@code docs} leaves alone
 */
public record ChartDocs(List<GeneratedFile> files, List<Path> handWrittenSchemas) {

  public ChartDocs {
    files = List.copyOf(files);
    handWrittenSchemas = List.copyOf(handWrittenSchemas);
  }

  /** Generates everything in memory first; fails listing every chart whose values comments are unusable. */
  public static ChartDocs of(List<Chart> charts) {
    List<GeneratedFile> files = new ArrayList<>();
    List<Path> handWritten = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Chart chart : charts) {
      if (!Files.isRegularFile(chart.valuesFile())) {
        continue;
      }
      try {
        ValuesDocumentation documentation = ValuesDocumentation.read(chart.valuesFile());
        Path readme = chart.directory().resolve("README.md");
        if (Files.isRegularFile(readme)) {
          files.add(new GeneratedFile(readme, ParameterTable.updated(readme, documentation)));
        }
        Path schema = chart.directory().resolve(ValuesSchema.FILE);
        if (documentation.sections().isEmpty()) {
          continue;
        }
        if (Files.isRegularFile(schema) && !ValuesSchema.isGenerated(Files.readString(schema))) {
          handWritten.add(schema);
        } else {
          files.add(new GeneratedFile(schema, ValuesSchema.json(documentation, chart.name(),
              chart.dependencies().stream().map(ChartDependency::name).toList())));
        }
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + chart.directory() + ": " + e.getMessage(), e);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return new ChartDocs(files, handWritten);
  }

  /** The generated files whose text on disk differs from what the comments generate (or that are missing). */
  public List<GeneratedFile> drifted() {
    return files.stream().filter(file -> !file.isCurrent()).toList();
  }
}
