package dev.chartharness.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The Go-built binaries of the local control plane, as {@code ci/cluster-binaries.sh} records them in
 * {@code <cache>/bin/local-control-plane.properties}. The cache is {@code $CHART_HARNESS_CACHE}, else
 * {@code $XDG_CACHE_HOME/chart-harness}, else {@code ~/.cache/chart-harness}.
 *
 * @param kubernetesVersion e.g. v1.36.3
 * @param kubeApiserver path of kube-apiserver
 * @param kubeControllerManager path of kube-controller-manager
 * @param kubeScheduler path of kube-scheduler
 * @param kubectl path of kubectl
 * @param etcd path of etcd
 * @param kwok path of the kwok controller
 * @param kwokctl path of kwokctl
 */
public record LocalControlPlaneBinaries(String kubernetesVersion, Path kubeApiserver, Path kubeControllerManager, Path kubeScheduler,
                                        Path kubectl, Path etcd, Path kwok, Path kwokctl) {

  public static final String MANIFEST = "bin/local-control-plane.properties";
  /** The repository's script that builds them from Go modules. */
  public static final String BUILD_SCRIPT = "ci/cluster-binaries.sh";

  /** The harness's cache directory. */
  public static Path cacheDirectory() {
    String explicit = System.getenv("CHART_HARNESS_CACHE");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("chart-harness");
  }

  /** True when the manifest exists and names executable files. */
  public static boolean areBuilt() {
    try {
      locate();
      return true;
    } catch (ClusterUnavailableException e) {
      return false;
    }
  }

  /**
   * The binaries, built first by {@code BUILD_SCRIPT} under {@code repository} when they are missing
   * (the first build takes minutes and prints its progress; later calls take no time).
   */
  public static LocalControlPlaneBinaries locateOrBuild(Path repository) {
    if (areBuilt()) {
      return locate();
    }
    Path script = repository.resolve(BUILD_SCRIPT);
    if (!Files.isExecutable(script)) {
      return locate();
    }
    HostTools.runScript(script, "building the local control plane");
    return locate();
  }

  /** Reads the manifest; fails with instructions to build when anything is missing. */
  public static LocalControlPlaneBinaries locate() {
    Path manifest = cacheDirectory().resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new ClusterUnavailableException("the local control plane is not built: " + manifest
          + " does not exist; run ci/cluster-binaries.sh (builds Kubernetes, etcd and KWOK from Go modules once, then reuses them)");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(manifest)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest, e);
    }
    LocalControlPlaneBinaries binaries = new LocalControlPlaneBinaries(properties.getProperty("kubernetes.version", "unknown"),
        path(properties, manifest, "kube-apiserver"), path(properties, manifest, "kube-controller-manager"),
        path(properties, manifest, "kube-scheduler"), path(properties, manifest, "kubectl"),
        path(properties, manifest, "etcd"), path(properties, manifest, "kwok"), path(properties, manifest, "kwokctl"));
    for (Path binary : List.of(binaries.kubeApiserver, binaries.kubeControllerManager, binaries.kubeScheduler, binaries.kubectl,
        binaries.etcd, binaries.kwok, binaries.kwokctl)) {
      if (!Files.isExecutable(binary)) {
        throw new ClusterUnavailableException(binary + " (listed in " + manifest + ") is missing or not executable; run ci/cluster-binaries.sh");
      }
    }
    return binaries;
  }

  private static Path path(Properties properties, Path manifest, String key) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new ClusterUnavailableException(manifest + " has no " + key + "; run ci/cluster-binaries.sh");
    }
    return Path.of(value);
  }
}
