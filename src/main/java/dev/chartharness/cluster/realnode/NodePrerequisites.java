package dev.chartharness.cluster.realnode;

import dev.chartharness.base.HarnessCache;
import dev.chartharness.base.Recipes;
import dev.chartharness.cluster.ClusterUnavailableException;
import dev.chartharness.cluster.LocalImages;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * What a real node runs, as the harness's {@code real-node.sh} recipe leaves it: the Go-built kubelet,
 * kube-proxy and containerd (listed in {@code <cache>/bin/local-node.properties}), Debian's runc and CNI
 * plugins, and the cluster's base images (pause, CoreDNS, Traefik) in {@code <cache>/images}.
 *
 * @param kubernetesVersion the kubelet's version (the control plane's)
 * @param kubelet path of kubelet
 * @param kubeProxy path of kube-proxy
 * @param containerd path of containerd
 * @param containerdShim path of containerd-shim-runc-v2 (found by containerd on PATH)
 * @param ctr path of ctr, used to import images
 * @param runc path of runc
 * @param cniPlugins directory of the CNI plugins (bridge, host-local, portmap, loopback)
 * @param images the cluster's base images (OCI tarballs: pause, CoreDNS, Traefik)
 */
public record NodePrerequisites(String kubernetesVersion, Path kubelet, Path kubeProxy, Path containerd, Path containerdShim, Path ctr,
                                Path runc, Path cniPlugins, List<Path> images) {

  /** The harness's recipe that installs and builds everything; idempotent, a few seconds when all is cached. */
  public static final String RECIPE = "real-node.sh";
  public static final String MANIFEST = "bin/local-node.properties";
  private static final Path RUNC = Path.of("/usr/sbin/runc");
  private static final Path CNI_PLUGINS = Path.of("/usr/lib/cni");

  /**
   * Runs the {@link #RECIPE} recipe (its output goes to standard error), then reads what it left. It runs
   * every time: it is what notices a changed image recipe or a new package version.
   */
  public static NodePrerequisites prepare() {
    try {
      Recipes.run(RECIPE, "preparing the real node");
    } catch (Recipes.RecipeFailedException e) {
      throw new ClusterUnavailableException(e.getMessage(), e);
    }
    return locate();
  }

  /** Reads the manifest and the image directory; fails naming what is missing and how to get it. */
  public static NodePrerequisites locate() {
    Path cache = HarnessCache.directory();
    Path manifest = cache.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new ClusterUnavailableException("the real node is not built: " + manifest + " does not exist; run the " + RECIPE + " recipe (RealPodsCluster does)");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(manifest)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest, e);
    }
    List<Path> images = LocalImages.base();
    Path imageDirectory = LocalImages.directory();
    NodePrerequisites prerequisites = new NodePrerequisites(properties.getProperty("kubernetes.version", "unknown"),
        path(properties, manifest, "kubelet"), path(properties, manifest, "kube-proxy"), path(properties, manifest, "containerd"),
        path(properties, manifest, "containerd-shim-runc-v2"), path(properties, manifest, "ctr"), RUNC, CNI_PLUGINS, images);
    for (Path binary : List.of(prerequisites.kubelet, prerequisites.kubeProxy, prerequisites.containerd, prerequisites.containerdShim,
        prerequisites.ctr, prerequisites.runc, CNI_PLUGINS.resolve("bridge"), CNI_PLUGINS.resolve("host-local"), CNI_PLUGINS.resolve("portmap"))) {
      if (!Files.isExecutable(binary)) {
        throw new ClusterUnavailableException(binary + " is missing or not executable; run the " + RECIPE + " recipe (RealPodsCluster does)");
      }
    }
    for (Path built : List.of(prerequisites.kubelet, prerequisites.kubeProxy, prerequisites.containerd, prerequisites.containerdShim, prerequisites.ctr)) {
      if (!HarnessCache.isIntact(built)) {
        throw new ClusterUnavailableException(built + " does not match the checksum recorded when it was built; run the " + RECIPE + " recipe (RealPodsCluster does), which builds it again");
      }
    }
    for (Path image : images) {
      if (!HarnessCache.isIntact(image)) {
        throw new ClusterUnavailableException("image " + image + " does not match the checksum recorded when it was built; run the " + RECIPE + " recipe (RealPodsCluster does), which builds it again");
      }
    }
    if (images.stream().noneMatch(image -> image.getFileName().toString().startsWith("pause-"))) {
      throw new ClusterUnavailableException("no pause image in " + imageDirectory + "; run the " + RECIPE + " recipe (RealPodsCluster does)");
    }
    return prerequisites;
  }

  /** The same prerequisites with application image tarballs to import beside the base images (duplicates dropped). */
  public NodePrerequisites withImages(List<Path> applicationImages) {
    List<Path> all = new java.util.ArrayList<>(images);
    applicationImages.stream().filter(image -> !all.contains(image)).forEach(all::add);
    return new NodePrerequisites(kubernetesVersion, kubelet, kubeProxy, containerd, containerdShim, ctr, runc, cniPlugins, List.copyOf(all));
  }

  private static Path path(Properties properties, Path manifest, String key) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new ClusterUnavailableException(manifest + " has no " + key + "; run the " + RECIPE + " recipe (RealPodsCluster does)");
    }
    return Path.of(value);
  }
}
