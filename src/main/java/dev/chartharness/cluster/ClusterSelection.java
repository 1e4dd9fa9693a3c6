package dev.chartharness.cluster;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Which backend a run uses, from {@code -Dharness.cluster} or {@code HARNESS_CLUSTER}:
 * {@code local}, {@code real-pods}, {@code k3s}, {@code kubeconfig:PATH}, {@code auto} (the default: k3s where Docker
 * holds its image, else the local control plane, built by the harness's recipe when missing), or
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
    return newCluster(null);
  }

  /**
   * As {@link #newCluster()}, with application image tarballs (or directories of them) for the backends that
   * import images (real-pods, k3s) instead of {@code -Dharness.images}'s; null keeps those defaults.
   */
  public EphemeralCluster newCluster(java.util.List<Path> applicationImages) {
    Path[] images = applicationImages == null ? null : applicationImages.toArray(Path[]::new);
    return switch (kind) {
      case LOCAL -> LocalControlPlaneCluster.buildingIfNeeded();
      case REAL_PODS -> images == null ? dev.chartharness.cluster.realnode.RealPodsCluster.preparing()
          : dev.chartharness.cluster.realnode.RealPodsCluster.preparing().withImages(images);
      case K3S -> images == null ? K3sCluster.defaultImage() : K3sCluster.defaultImage().withImages(images);
      case KUBECONFIG -> ExistingCluster.fromKubeconfig(kubeconfig);
      case NONE -> throw new ClusterUnavailableException("this run asked for no cluster (" + PROPERTY + "=none)");
      case AUTO -> {
        if (K3sCluster.isAvailable(K3sCluster.DEFAULT_IMAGE)) {
          yield images == null ? K3sCluster.defaultImage() : K3sCluster.defaultImage().withImages(images);
        }
        // Otherwise the local control plane, built from Go modules on first use.
        yield LocalControlPlaneCluster.buildingIfNeeded();
      }
    };
  }

  /** A backend and why it was chosen, for the user to read. */
  public record Choice(ClusterSelection selection, String reason) {
  }

  /**
   * The backend the main job ({@code up}) runs: the one asked for, else the most real this machine allows: real pods
   * on Linux as root (detached or not), else k3s where Docker holds its image, else simulated pods.
   */
  public Choice forMainJob() {
    boolean linuxRoot = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") && isRoot();
    return choose(linuxRoot, kind == Kind.AUTO && K3sCluster.isAvailable(K3sCluster.DEFAULT_IMAGE));
  }

  Choice choose(boolean linuxRoot, boolean k3sAvailable) {
    if (kind != Kind.AUTO) {
      return new Choice(this, "asked for (--cluster, " + PROPERTY + " or " + ENVIRONMENT + ")");
    }
    if (linuxRoot) {
      return new Choice(new ClusterSelection(Kind.REAL_PODS, null), "Linux and root: real containers on this machine");
    }
    String noRealPods = "real pods need Linux and root";
    if (k3sAvailable) {
      return new Choice(new ClusterSelection(Kind.K3S, null), noRealPods + "; Docker holds " + K3sCluster.DEFAULT_IMAGE);
    }
    return new Choice(new ClusterSelection(Kind.LOCAL, null), noRealPods + "; no Docker engine holding " + K3sCluster.DEFAULT_IMAGE
        + " (ci/docker-engine.sh start, ci/k3s-image.sh): simulated pods");
  }

  private static boolean isRoot() {
    try {
      return HostTools.uid().equals("0");
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return kind == Kind.KUBECONFIG ? "kubeconfig:" + kubeconfig : kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
