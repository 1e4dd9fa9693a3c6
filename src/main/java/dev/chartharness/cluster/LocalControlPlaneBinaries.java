package dev.chartharness.cluster;

import dev.chartharness.base.HarnessCache;
import dev.chartharness.base.Recipes;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The binaries of the local control plane: those in {@code -Dharness.binaries} / {@code $HARNESS_BINARIES}
 * (a directory holding kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, etcd, kwok and
 * kwokctl) when the user already has them, else the ones the harness's {@code cluster-binaries.sh} recipe
 * built from Go modules and recorded in {@code <cache>/bin/local-control-plane.properties} ({@link HarnessCache}).
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
  /** The harness's recipe that builds them from Go modules. */
  public static final String RECIPE = "cluster-binaries.sh";
  /** A directory with the binaries a user already has; the harness then builds nothing. */
  public static final String DIRECTORY_PROPERTY = "harness.binaries";
  private static final List<String> NAMES = List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl", "etcd", "kwok", "kwokctl");

  /** The directory {@code -Dharness.binaries} / {@code $HARNESS_BINARIES} names, if any. */
  public static java.util.Optional<Path> givenDirectory() {
    String given = System.getProperty(DIRECTORY_PROPERTY, System.getenv("HARNESS_BINARIES"));
    return given == null || given.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(given));
  }

  /** All seven binaries found on PATH (a partial set, such as a kubectl alone, is not used). */
  public static java.util.Optional<LocalControlPlaneBinaries> onPath() {
    java.util.Map<String, Path> found = new java.util.LinkedHashMap<>();
    for (String name : NAMES) {
      dev.chartharness.base.Executables.onPath(name).ifPresent(path -> found.put(name, path));
    }
    if (found.size() != NAMES.size()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new LocalControlPlaneBinaries(versionOf(found.get("kube-apiserver")), found.get("kube-apiserver"),
        found.get("kube-controller-manager"), found.get("kube-scheduler"), found.get("kubectl"), found.get("etcd"), found.get("kwok"), found.get("kwokctl")));
  }

  /** The binaries in {@code directory}, by their names; fails naming the first one missing. */
  public static LocalControlPlaneBinaries fromDirectory(Path directory) {
    for (String name : NAMES) {
      if (!Files.isExecutable(directory.resolve(name))) {
        throw new ClusterUnavailableException(directory.resolve(name) + " is missing or not executable (" + DIRECTORY_PROPERTY
            + " names a directory holding " + NAMES + ")");
      }
    }
    return new LocalControlPlaneBinaries(versionOf(directory.resolve("kube-apiserver")), directory.resolve("kube-apiserver"),
        directory.resolve("kube-controller-manager"), directory.resolve("kube-scheduler"), directory.resolve("kubectl"),
        directory.resolve("etcd"), directory.resolve("kwok"), directory.resolve("kwokctl"));
  }

  private static String versionOf(Path apiServer) {
    dev.chartharness.base.HostProcess.Result version = dev.chartharness.base.HostProcess.command(apiServer.toString(), "--version")
        .withTimeout(java.time.Duration.ofSeconds(30)).run();
    return version.succeeded() ? version.output().strip().replaceFirst("^Kubernetes\\s+", "") : "unknown";
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
   * The given directory's binaries, else the built ones, built first by the {@link #RECIPE} recipe when they
   * are missing (the first build takes minutes and prints its progress; later calls take no time).
   */
  public static LocalControlPlaneBinaries locateOrBuild() {
    java.util.Optional<Path> given = givenDirectory();
    if (given.isPresent()) {
      return fromDirectory(given.get());
    }
    java.util.Optional<LocalControlPlaneBinaries> onPath = onPath();
    if (onPath.isPresent()) {
      return onPath.get();
    }
    if (areBuilt()) {
      return locate();
    }
    try {
      Recipes.run(RECIPE, "building the local control plane");
    } catch (Recipes.RecipeFailedException e) {
      throw new ClusterUnavailableException(e.getMessage(), e);
    }
    return locate();
  }

  /** Reads the manifest; fails with instructions to build when anything is missing. */
  public static LocalControlPlaneBinaries locate() {
    Path manifest = HarnessCache.directory().resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new ClusterUnavailableException("the local control plane is not built: " + manifest
          + " does not exist; the harness builds it on first use (Kubernetes, etcd and KWOK from Go modules, once), or set "
          + DIRECTORY_PROPERTY + " to a directory with the binaries");
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
      if (!Files.isExecutable(binary) || !HarnessCache.isIntact(binary)) {
        throw new ClusterUnavailableException(binary + " (listed in " + manifest + ") is missing, not executable or does not match the checksum"
            + " recorded when it was built; the " + RECIPE + " recipe builds it again");
      }
    }
    return binaries;
  }

  private static Path path(Properties properties, Path manifest, String key) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new ClusterUnavailableException(manifest + " has no " + key + "; remove it to rebuild");
    }
    return Path.of(value);
  }
}
