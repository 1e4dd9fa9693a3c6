package dev.chartharness.publish;

/**
 * A chart could not be published: Helm or the registry failed, or the destination already holds
 * different content under the same version. The message names the chart, the version and the reason.
 */
public class PublishException extends RuntimeException {

  private final String chart;
  private final String version;
  private final String reason;

  public PublishException(String chart, String version, String reason) {
    this(chart, version, reason, null);
  }

  public PublishException(String chart, String version, String reason, Throwable cause) {
    super("chart " + chart + " " + version + ": " + reason, cause);
    this.chart = chart;
    this.version = version;
    this.reason = reason;
  }

  public String chart() {
    return chart;
  }

  public String version() {
    return version;
  }

  public String reason() {
    return reason;
  }
}
