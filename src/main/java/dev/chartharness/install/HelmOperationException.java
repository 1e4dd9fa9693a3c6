package dev.chartharness.install;

import java.nio.file.Path;
import java.util.List;

/** Helm refused an install, upgrade or uninstall; keeps Helm's text and adds release, chart, values and a diagnosis. */
public class HelmOperationException extends RuntimeException {

  private final String helmMessage;

  public HelmOperationException(String operation, String release, String namespace, String chart, List<Path> valuesFiles,
                                String helmMessage, String diagnosis, Throwable cause) {
    super(operation + " of release " + release + " (chart " + chart + (valuesFiles.isEmpty() ? "" : ", values " + valuesFiles)
        + ") in namespace " + namespace + " failed: " + (helmMessage == null ? "" : helmMessage.strip())
        + (diagnosis == null || diagnosis.isBlank() ? "" : "\n" + diagnosis), cause);
    this.helmMessage = helmMessage;
  }

  /** Helm's own message, unchanged. */
  public String helmMessage() {
    return helmMessage;
  }
}
