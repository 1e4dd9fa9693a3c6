package dev.chartharness.cluster.realnode;

import dev.chartharness.cluster.ClusterUnavailableException;
import dev.chartharness.cluster.HostTools;
import dev.chartharness.cluster.LocalImages;
import dev.chartharness.cluster.LocalControlPlaneBinaries;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * What a real node runs, as {@code ci/real-node.sh} leaves it: the Go-built kubelet, kube-proxy and
 * containerd (listed in {@code <cache>/bin/local-node.properties}), Debian's runc and CNI plugins, and
 * the image tarballs in {@code <cache>/images}.
 *
 * @param kubernetesVersion the kubelet's version (the control plane's)
 * @param kubelet path of kubelet
 * @param kubeProxy path of kube-proxy
 * @param containerd path of containerd
 * @param containerdShim path of containerd-shim-runc-v2 (found by containerd on PATH)
 * @param ctr path of ctr, used to import images
 * @param runc path of runc
 * @param cniPlugins directory of the CNI plugins (bridge, host-local, portmap, loopback)
 * @param images the OCI image tarballs to import
 */
public record NodePrerequisites(String kubernetesVersion, Path kubelet, Path kubeProxy, Path containerd, Path containerdShim, Path ctr,
                                Path runc, Path cniPlugins, List<Path> images) {

  /** The repository's script that installs and builds everything; idempotent, a few seconds when all is cached. */
  public static final String SCRIPT = "ci/real-node.sh";
  public static final String MANIFEST = "bin/local-node.properties";
  private static final Path RUNC = Path.of("/usr/sbin/runc");
  private static final Path CNI_PLUGINS = Path.of("/usr/lib/cni");

  /**
   * Runs {@code ci/real-node.sh} under {@code repository} (its output goes to standard error), then reads
   * what it left. It runs every time: it is what notices a changed image recipe or a new package version.
   */
  public static NodePrerequisites prepare(Path repository) {
    Path script = repository.resolve(SCRIPT);
    if (!Files.isExecutable(script)) {
      throw new ClusterUnavailableException(script + " does not exist: the real-pods cluster needs this repository's ci/ scripts"
          + " (-Dharness.repository=PATH when not run from the checkout)");
    }
    HostTools.runScript(script, "preparing the real node");
    return locate();
  }

  /** Reads the manifest and the image directory; fails naming what is missing and how to get it. */
  public static NodePrerequisites locate() {
    Path cache = LocalControlPlaneBinaries.cacheDirectory();
    Path manifest = cache.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw new ClusterUnavailableException("the real node is not built: " + manifest + " does not exist; run " + SCRIPT);
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(manifest)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest, e);
    }
    List<Path> images = LocalImages.all();
    Path imageDirectory = LocalImages.directory();
    NodePrerequisites prerequisites = new NodePrerequisites(properties.getProperty("kubernetes.version", "unknown"),
        path(properties, manifest, "kubelet"), path(properties, manifest, "kube-proxy"), path(properties, manifest, "containerd"),
        path(properties, manifest, "containerd-shim-runc-v2"), path(properties, manifest, "ctr"), RUNC, CNI_PLUGINS, images);
    for (Path binary : List.of(prerequisites.kubelet, prerequisites.kubeProxy, prerequisites.containerd, prerequisites.containerdShim,
        prerequisites.ctr, prerequisites.runc, CNI_PLUGINS.resolve("bridge"), CNI_PLUGINS.resolve("host-local"), CNI_PLUGINS.resolve("portmap"))) {
      if (!Files.isExecutable(binary)) {
        throw new ClusterUnavailableException(binary + " is missing or not executable; run " + SCRIPT);
      }
    }
    if (images.stream().noneMatch(image -> image.getFileName().toString().startsWith("pause-"))) {
      throw new ClusterUnavailableException("no pause image in " + imageDirectory + "; run " + SCRIPT);
    }
    return prerequisites;
  }

  private static Path path(Properties properties, Path manifest, String key) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new ClusterUnavailableException(manifest + " has no " + key + "; run " + SCRIPT);
    }
    return Path.of(value);
  }
}
