package dev.chartharness.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * k3s in a container (Testcontainers), with Traefik kept as the ingress controller and its port 80
 * published, so routes are checked by real HTTP requests. Needs Docker and the {@code rancher/k3s}
 * image (from a registry, or loaded into the local engine beforehand).
 */
public final class K3sCluster implements EphemeralCluster, Detachable {

  /** The k3s image; override with -Dharness.k3s.image. */
  public static final String DEFAULT_IMAGE = System.getProperty("harness.k3s.image", "rancher/k3s:v1.36.3-k3s1");
  private static final int HTTP_PORT = 80;
  private static final String K3S_IMAGES = "/var/lib/rancher/k3s/agent/images/";

  private final String image;
  private final List<Path> localImages;
  private K3sContainer container;
  private Path kubeconfig;
  private KubernetesClient client;

  private K3sCluster(String image, List<Path> localImages) {
    this.image = image;
    this.localImages = List.copyOf(localImages);
  }

  /** k3s from {@code image}, importing the application images {@code -Dharness.images} names. */
  public static K3sCluster withImage(String image) {
    return new K3sCluster(image, LocalImages.given());
  }

  public static K3sCluster defaultImage() {
    return withImage(DEFAULT_IMAGE);
  }

  /** Application image tarballs (or directories of them) that k3s imports at start, instead of {@code -Dharness.images}'s. */
  public K3sCluster withImages(Path... tarballsOrDirectories) {
    List<Path> images = new java.util.ArrayList<>();
    for (Path path : tarballsOrDirectories) {
      images.addAll(LocalImages.tarballs(path));
    }
    return new K3sCluster(image, images);
  }

  /** True when a Docker engine answers and already holds the image (no registry is needed then). */
  public static boolean isAvailable(String image) {
    // Without a socket or DOCKER_HOST there is nothing to ask, and Testcontainers would log its whole search.
    if (System.getenv("DOCKER_HOST") == null && !java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))) {
      return false;
    }
    try {
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        return false;
      }
      DockerClientFactory.instance().client().inspectImageCmd(image).exec();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public synchronized K3sCluster start() {
    if (container != null) {
      return this;
    }
    K3sContainer k3s = new K3sContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s"));
    // Testcontainers' default command disables Traefik; keep it, and publish its HTTP port.
    k3s.withCommand("server", "--tls-san=" + DockerClientFactory.instance().dockerHostIpAddress());
    k3s.addExposedPorts(K3sContainer.KUBE_SECURE_PORT, K3sContainer.RANCHER_WEBHOOK_PORT, HTTP_PORT);
    // k3s imports every tarball in its agent images directory at start: the charts can run the locally built
    // application images with ci/images/values (as on the real-pods backend), no registry needed.
    for (Path tarball : localImages) {
      k3s.withCopyFileToContainer(MountableFile.forHostPath(tarball), K3S_IMAGES + tarball.getFileName());
    }
    try {
      k3s.start();
    } catch (RuntimeException e) {
      throw new ClusterUnavailableException("k3s (" + image + ") did not start: " + e.getMessage()
          + "; it needs a running Docker engine and the image (docker pull " + image + ")", e);
    }
    container = k3s;
    try {
      kubeconfig = Files.createTempFile("k3s-kubeconfig-", ".yaml");
      Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the k3s kubeconfig", e);
    }
    return this;
  }

  @Override
  public Path kubeconfig() {
    requireStarted();
    return kubeconfig;
  }

  @Override
  public synchronized KubernetesClient client() {
    requireStarted();
    if (client == null) {
      client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(container.getKubeConfigYaml())).build();
    }
    return client;
  }

  @Override
  public ClusterCapabilities capabilities() {
    String base = container == null ? null : "http://" + container.getHost() + ":" + container.getMappedPort(HTTP_PORT);
    return new ClusterCapabilities("k3s", true, true, base, !localImages.isEmpty());
  }

  private void requireStarted() {
    if (container == null) {
      throw new IllegalStateException("k3s cluster is not started; call start() first");
    }
  }

  /** Leaves the container running after this JVM exits; {@link DetachedCluster#delete()} removes it. */
  @Override
  public synchronized DetachedCluster detach() {
    requireStarted();
    DetachedCluster detached = new DetachedCluster("k3s-" + container.getContainerId().substring(0, 12), "k3s", kubeconfig, container.getContainerId(), "");
    if (client != null) {
      client.close();
      client = null;
    }
    container = null;
    return detached.save();
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (container != null) {
      container.stop();
      container = null;
    }
    if (kubeconfig != null) {
      kubeconfig.toFile().delete();
    }
  }
}
