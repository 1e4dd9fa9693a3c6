package dev.chartharness.render;

import java.nio.file.Path;
import java.util.List;

/**
 * Helm refused to build or render a chart. Keeps Helm's own text and adds the chart and values files,
 * so the message alone tells a person where to look.
 */
public class ChartRenderException extends RuntimeException {

  private final transient Path chart;
  private final transient List<Path> valuesFiles;
  private final String helmMessage;

  public ChartRenderException(Path chart, List<Path> valuesFiles, String helmMessage) {
    this(chart, valuesFiles, helmMessage, null);
  }

  public ChartRenderException(Path chart, List<Path> valuesFiles, String helmMessage, Throwable cause) {
    super(describe(chart, valuesFiles, helmMessage), cause);
    this.chart = chart;
    this.valuesFiles = List.copyOf(valuesFiles);
    this.helmMessage = helmMessage;
  }

  private static String describe(Path chart, List<Path> valuesFiles, String helmMessage) {
    StringBuilder message = new StringBuilder("chart ").append(chart);
    if (!valuesFiles.isEmpty()) {
      message.append(" with values ").append(valuesFiles);
    }
    return message.append(": ").append(helmMessage == null ? "(Helm gave no message)" : helmMessage.strip()).toString();
  }

  public Path chart() {
    return chart;
  }

  public List<Path> valuesFiles() {
    return valuesFiles;
  }

  private static final java.util.regex.Pattern TEMPLATE = java.util.regex.Pattern.compile("template: ([^:\\s]+):(\\d+)(?::(\\d+))?");
  private static final java.util.regex.Pattern YAML_ERROR = java.util.regex.Pattern.compile("YAML parse error on ([^:\\s]+)");

  /**
   * The file the message points into: the template and line ({@code journal/templates/ingress.yaml:12}),
   * {@code values.schema.json} for values the schema refuses, {@code Chart.yaml}; empty when Helm names none.
   */
  public java.util.Optional<String> file() {
    String text = helmMessage == null ? "" : helmMessage;
    java.util.regex.Matcher template = TEMPLATE.matcher(text);
    if (template.find()) {
      return java.util.Optional.of(template.group(1) + ":" + template.group(2));
    }
    java.util.regex.Matcher yaml = YAML_ERROR.matcher(text);
    if (yaml.find()) {
      return java.util.Optional.of(yaml.group(1));
    }
    java.util.regex.Matcher valuesFile = java.util.regex.Pattern.compile("^values file (\\S+)").matcher(text);
    if (valuesFile.find()) {
      return java.util.Optional.of(valuesFile.group(1));
    }
    if (text.contains("values don't meet the specifications of the schema")) {
      return java.util.Optional.of("values.schema.json");
    }
    if (text.contains("Chart.yaml") || text.contains("requirements.yaml")) {
      return java.util.Optional.of(text.contains("requirements.yaml") ? "requirements.yaml" : "Chart.yaml");
    }
    return java.util.Optional.empty();
  }

  /** Helm's message, unchanged. */
  public String helmMessage() {
    return helmMessage;
  }
}
