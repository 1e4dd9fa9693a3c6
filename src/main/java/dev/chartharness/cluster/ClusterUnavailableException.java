package dev.chartharness.cluster;

/** No cluster could be had; the message says what was tried and how to get one. */
public class ClusterUnavailableException extends RuntimeException {

  public ClusterUnavailableException(String message) {
    super(message);
  }

  public ClusterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
