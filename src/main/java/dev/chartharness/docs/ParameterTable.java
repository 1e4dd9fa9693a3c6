package dev.chartharness.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The parameter tables of a chart's README, generated from its {@code values.yaml} comments and
 * kept between {@code <!-- parameters:start -->} and {@code <!-- parameters:end -->}.
 */
public final class ParameterTable {

  public static final String START = "<!-- parameters:start -->";
  public static final String END = "<!-- parameters:end -->";

  private ParameterTable() {
  }

  /** The Markdown tables for a chart's values. */
  public static String markdown(ValuesDocumentation documentation) {
    StringBuilder out = new StringBuilder();
    for (ValuesDocumentation.Section section : documentation.sections()) {
      out.append("\n### ").append(section.title()).append("\n\n");
      out.append("| Name | Description | Value |\n| ---- | ----------- | ----- |\n");
      for (ValuesDocumentation.Parameter parameter : section.parameters()) {
        out.append("| `").append(parameter.path()).append("` | ").append(escape(parameter.description()))
            .append(" | `").append(escape(parameter.defaultValue())).append("` |\n");
      }
    }
    return out.append('\n').toString();
  }

  /** The README as it should be: its text with the tables between the markers replaced. */
  public static String updated(Path readme, ValuesDocumentation documentation) {
    String text;
    try {
      text = Files.readString(readme);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + readme + ": " + e.getMessage(), e);
    }
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(readme + ": needs the lines " + START + " and " + END + " where the parameter tables go");
    }
    return text.substring(0, start + START.length()) + "\n" + markdown(documentation) + text.substring(end);
  }

  private static String escape(String cell) {
    return cell.replace("|", "\\|").replace("\n", " ");
  }
}
