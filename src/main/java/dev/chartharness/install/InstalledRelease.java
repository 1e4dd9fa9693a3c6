package dev.chartharness.install;

import java.nio.file.Path;
import java.util.List;

/**
 * A release Helm installed into a cluster.
 *
 * @param name the release name
 * @param namespace its namespace
 * @param chart the chart directory (or reference) installed
 * @param valuesFiles the values files applied
 * @param kubeconfig the cluster's kubeconfig
 * @param revision Helm's revision number
 * @param status Helm's status ({@code deployed})
 */
public record InstalledRelease(String name, String namespace, String chart, List<Path> valuesFiles, Path kubeconfig, int revision, String status) {

  public InstalledRelease {
    valuesFiles = List.copyOf(valuesFiles);
  }
}
