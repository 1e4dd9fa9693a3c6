package dev.chartharness.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which backend a run uses, from {@code -Dharness.cluster} or {@code HARNESS_CLUSTER}:
 * {@code local}, {@code real-pods}, {@code k3s}, {@code kubeconfig:PATH}, {@code auto} (the default: k3s where Docker
 * holds its image, else the local control plane, built by ci/cluster-binaries.sh when missing), or
 * {@code none} (the run leaves clusters out).
 *
 * @param kind the backend kind
 * @param kubeconfig the kubeconfig for {@link Kind#KUBECONFIG}
 */
public record ClusterSelection(Kind kind, Path kubeconfig) {

  public static final String PROPERTY = "harness.cluster";
  public static final String ENVIRONMENT = "HARNESS_CLUSTER";

  /** The backends. */
  public enum Kind { AUTO, LOCAL, REAL_PODS, K3S, KUBECONFIG, NONE }

  /** The selection this run asked for; {@code auto} when it asked nothing. */
  public static ClusterSelection current() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      value = System.getenv(ENVIRONMENT);
    }
    return parse(value == null || value.isBlank() ? "auto" : value);
  }

  public static ClusterSelection parse(String value) {
    String trimmed = value.strip();
    if (trimmed.toLowerCase(Locale.ROOT).startsWith("kubeconfig:")) {
      return new ClusterSelection(Kind.KUBECONFIG, Path.of(trimmed.substring("kubeconfig:".length())));
    }
    return switch (trimmed.toLowerCase(Locale.ROOT)) {
      case "auto" -> new ClusterSelection(Kind.AUTO, null);
      case "local" -> new ClusterSelection(Kind.LOCAL, null);
      case "real-pods" -> new ClusterSelection(Kind.REAL_PODS, null);
      case "k3s" -> new ClusterSelection(Kind.K3S, null);
      case "none" -> new ClusterSelection(Kind.NONE, null);
      default -> throw new IllegalArgumentException("unknown cluster " + value + "; use local, real-pods, k3s, kubeconfig:PATH, auto or none ("
          + PROPERTY + " / " + ENVIRONMENT + ")");
    };
  }

  /**
   * The selection for tests that need containers to really run: this one when it runs real pods
   * (real-pods, k3s, a kubeconfig), else (auto, local) the real-pods cluster.
   */
  public ClusterSelection forRealPods() {
    return switch (kind) {
      case AUTO, LOCAL -> new ClusterSelection(Kind.REAL_PODS, null);
      default -> this;
    };
  }

  /** True when the run explicitly asked to leave clusters out. */
  public boolean leavesClustersOut() {
    return kind == Kind.NONE;
  }

  /**
   * A new, not yet started cluster of this kind. {@code auto} prefers k3s when Docker already holds
   * its image, then the local control plane; with neither it fails saying how to get one.
   */
  public EphemeralCluster newCluster() {
    return switch (kind) {
      case LOCAL -> LocalControlPlaneCluster.buildingIfNeeded(repository());
      case REAL_PODS -> dev.chartharness.cluster.realnode.RealPodsCluster.preparing(repository());
      case K3S -> K3sCluster.defaultImage();
      case KUBECONFIG -> ExistingCluster.fromKubeconfig(kubeconfig);
      case NONE -> throw new ClusterUnavailableException("this run asked for no cluster (" + PROPERTY + "=none)");
      case AUTO -> {
        if (K3sCluster.isAvailable(K3sCluster.DEFAULT_IMAGE)) {
          yield K3sCluster.defaultImage();
        }
        if (LocalControlPlaneBinaries.areBuilt() || Files.isExecutable(repository().resolve(LocalControlPlaneBinaries.BUILD_SCRIPT))) {
          yield LocalControlPlaneCluster.buildingIfNeeded(repository());
        }
        throw new ClusterUnavailableException("no cluster available: Docker does not hold " + K3sCluster.DEFAULT_IMAGE
            + " and the local control plane is not built. Run ci/cluster-binaries.sh (local control plane), or docker pull "
            + K3sCluster.DEFAULT_IMAGE + " (k3s), or pass -D" + PROPERTY + "=kubeconfig:PATH; -D" + PROPERTY + "=none leaves cluster tests out");
      }
    };
  }

  /** The repository whose ci/ can build the local control plane: -Dharness.repository, else the working directory. */
  private static Path repository() {
    return Path.of(System.getProperty("harness.repository", "")).toAbsolutePath();
  }

  @Override
  public String toString() {
    return kind == Kind.KUBECONFIG ? "kubeconfig:" + kubeconfig : kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
