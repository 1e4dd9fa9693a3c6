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

  /** Helm's message, unchanged. */
  public String helmMessage() {
    return helmMessage;
  }
}
