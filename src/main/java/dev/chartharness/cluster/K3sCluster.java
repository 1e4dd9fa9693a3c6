package dev.chartharness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.HostConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * k3s in a container, started by Testcontainers' {@link K3sContainer}, with Traefik as the default ingress
 * controller and its HTTP port published on the host, so routes are checked by real HTTP requests.
 *
 * <p>Two kinds of image work. An upstream {@code rancher/k3s} image (from a registry) keeps k3s's own add-ons
 * (Traefik through its Helm controller, CoreDNS, local-path). The harness's own image ({@code ci/k3s-image.sh}, the
 * recipe {@code k3s-image.sh}: k3s built from Go modules, for machines with no registry) carries the label
 * {@value #ADDONS_LABEL}{@code =harness}: its bundled add-ons are off, and this class puts the harness's CoreDNS and
 * Traefik manifest into k3s's manifests directory, serves claims with a {@link LocalPathProvisioner} whose
 * directories live in the container, and gives LoadBalancer Services their addresses ({@link LoadBalancerAddresses}).
 *
 * <p>Application images are imported at start (k3s imports every tarball in its agent images directory). Every
 * container is labelled with its owning process; a start removes, with their volumes, the containers of processes
 * that died (a killed JVM), and a shutdown hook removes this one when the JVM exits.
 */
public final class K3sCluster implements EphemeralCluster, Detachable {

  /** The k3s image; override with -Dharness.k3s.image. */
  public static final String DEFAULT_IMAGE = System.getProperty("harness.k3s.image", "rancher/k3s:v1.31.0-k3s1");
  /** The label naming the process (pid and start time) that owns a k3s container. */
  public static final String OWNER_LABEL = "dev.chartharness.k3s.owner";
  /** The image label saying the harness supplies the add-ons ({@code harness}). */
  public static final String ADDONS_LABEL = "dev.chartharness.k3s.addons";
  private static final int HTTP_PORT = 80;
  /** The environment variable naming the container's cgroup parent to the image's entrypoint. */
  private static final String CGROUP_ROOT_VARIABLE = "CHART_HARNESS_CGROUP_ROOT";
  private static final String K3S_IMAGES = "/var/lib/rancher/k3s/agent/images/";
  private static final String MANIFEST = "/var/lib/rancher/k3s/server/manifests/chart-harness-addons.yaml";
  private static final String VOLUMES = "/var/lib/rancher/k3s/storage";
  private static final String CLUSTER_DNS = "10.43.0.10";
  private static final Duration ADDONS_TIMEOUT = Duration.ofMinutes(2);
  /** CAP_SYS_RESOURCE's bit in a capability set. */
  private static final int CAP_SYS_RESOURCE = 24;

  private final String image;
  private final List<Path> localImages;
  private final Progress progress;
  private final String cgroupRoot = "chart-harness-k3s-" + java.util.UUID.randomUUID().toString().substring(0, 8);
  private K3sContainer container;
  private Path kubeconfig;
  private KubernetesClient client;
  private LocalPathProvisioner provisioner;
  private LoadBalancerAddresses loadBalancers;
  private Thread shutdownHook;

  private K3sCluster(String image, List<Path> localImages, Progress progress) {
    this.image = image;
    this.localImages = List.copyOf(localImages);
    this.progress = progress;
  }

  /** k3s from {@code image}, importing the application images {@code -Dharness.images} names. */
  public static K3sCluster withImage(String image) {
    return new K3sCluster(image, LocalImages.given(), Progress.toStandardError());
  }

  public static K3sCluster defaultImage() {
    return withImage(DEFAULT_IMAGE);
  }

  /** Application image tarballs (or directories of them) that k3s imports at start, instead of {@code -Dharness.images}'s. */
  public K3sCluster withImages(Path... tarballsOrDirectories) {
    List<Path> images = new ArrayList<>();
    for (Path path : tarballsOrDirectories) {
      images.addAll(LocalImages.tarballs(path));
    }
    return new K3sCluster(image, images, progress);
  }

  /** True when a Docker engine answers and already holds the image (no registry is needed then). */
  public static boolean isAvailable(String image) {
    // Without a socket or DOCKER_HOST there is nothing to ask, and Testcontainers would log its whole search.
    if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
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
    long started = System.nanoTime();
    DockerClient docker;
    Map<String, String> labels;
    try {
      docker = DockerClientFactory.instance().client();
      removeAbandoned(docker);
      labels = Optional.ofNullable(docker.inspectImageCmd(image).exec().getConfig().getLabels()).orElse(Map.of());
    } catch (RuntimeException e) {
      throw new ClusterUnavailableException("k3s (" + image + ") cannot start: " + e.getMessage()
          + "; it needs a running Docker engine (ci/docker-engine.sh start) holding the image (ci/k3s-image.sh builds it"
          + " where no registry serves it; elsewhere docker pull " + image + ")", e);
    }
    boolean harnessAddons = "harness".equals(labels.get(ADDONS_LABEL));
    K3sContainer k3s = new K3sContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s"));
    k3s.withLabel(OWNER_LABEL, owner(ProcessHandle.current()));
    // Testcontainers' default command disables k3s's Traefik; an upstream image keeps it (the harness's image turns
    // its bundled add-ons off in its config file and gets the harness's instead).
    List<String> arguments = new ArrayList<>(List.of("server", "--tls-san=" + DockerClientFactory.instance().dockerHostIpAddress()));
    if (harnessAddons) {
      // The pods' cgroups under a parent of this cluster's own, beside another kubelet's /kubepods on the same machine
      // (the container shares the host's cgroup namespace); the image's entrypoint creates it, close() removes it.
      arguments.add("--kubelet-arg=cgroup-root=/" + cgroupRoot);
      // k3s itself (kubelet, containerd) would go to /k3s on the host's hierarchies: under the same parent instead.
      arguments.add("--kubelet-arg=kubelet-cgroups=/" + cgroupRoot + "/k3s");
      arguments.add("--kubelet-arg=runtime-cgroups=/" + cgroupRoot + "/k3s");
      k3s.withEnv(CGROUP_ROOT_VARIABLE, cgroupRoot);
    }
    k3s.withCommand(arguments.toArray(String[]::new));
    k3s.addExposedPorts(K3sContainer.KUBE_SECURE_PORT, K3sContainer.RANCHER_WEBHOOK_PORT, HTTP_PORT);
    if (harnessAddons) {
      String manifest = ClusterAddons.manifest(CLUSTER_DNS, HTTP_PORT, "127.0.0.1", required(labels, "coredns"), required(labels, "traefik"))
          + "---\n" + STORAGE_CLASS;
      k3s.withCopyToContainer(Transferable.of(manifest.getBytes(StandardCharsets.UTF_8)), MANIFEST);
    }
    if (privilegedFails()) {
      k3s.withCreateContainerCmdModifier(command -> withoutPrivileges(command.getHostConfig()));
    }
    // k3s imports every tarball in its agent images directory at start: the charts run the application images with
    // ci/images/values (as on the real-pods backend), no registry needed.
    for (Path tarball : localImages) {
      k3s.withCopyFileToContainer(MountableFile.forHostPath(tarball), K3S_IMAGES + tarball.getFileName());
    }
    progress.step("k3s: starting " + image + (harnessAddons ? " (the harness's CoreDNS, Traefik and local-path)" : "")
        + ", importing " + localImages.size() + " application images");
    try {
      k3s.start();
    } catch (RuntimeException e) {
      String logs = "";
      try {
        logs = tail(k3s.getLogs(), 40);
      } catch (RuntimeException noLogs) {
        // The container never got created.
      }
      k3s.stop();
      throw new ClusterUnavailableException("k3s (" + image + ") did not start: " + e.getMessage()
          + (logs.isEmpty() ? "" : "\n---- last lines of k3s's log\n" + logs), e);
    }
    container = k3s;
    shutdownHook = new Thread(this::close, "stop-k3s");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      kubeconfig = Files.createTempFile("k3s-kubeconfig-", ".yaml");
      Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
      if (harnessAddons) {
        String node = client().nodes().list().getItems().get(0).getMetadata().getName();
        provisioner = new LocalPathProvisioner(client(), Path.of(VOLUMES), node, new ContainerDirectories()).start();
        loadBalancers = new LoadBalancerAddresses(client()).start();
        ClusterAddons.awaitReady(client(), ADDONS_TIMEOUT);
        ClusterAddons.awaitIngressAnswers(capabilities().ingressHttpBase(), Duration.ofSeconds(30));
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("cannot write the k3s kubeconfig", e);
    } catch (RuntimeException e) {
      String logs = tail(k3s.getLogs(), 40);
      close();
      throw new ClusterUnavailableException("k3s (" + image + ") started but its add-ons did not: " + e.getMessage()
          + "\n---- last lines of k3s's log\n" + logs, e);
    }
    progress.step("k3s ready in " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms: " + kubeconfig
        + ", ingress " + capabilities().ingressHttpBase());
    return this;
  }

  /** The default StorageClass the harness's image serves with {@link LocalPathProvisioner}. */
  private static final String STORAGE_CLASS = """
      apiVersion: storage.k8s.io/v1
      kind: StorageClass
      metadata:
        name: local-path
        annotations:
          storageclass.kubernetes.io/is-default-class: "true"
      provisioner: %s
      reclaimPolicy: Delete
      volumeBindingMode: WaitForFirstConsumer
      """.formatted(LocalPathProvisioner.NAME);

  private String required(Map<String, String> labels, String addon) {
    String reference = labels.get("dev.chartharness.k3s." + addon);
    if (reference == null || reference.isBlank()) {
      throw new ClusterUnavailableException("image " + image + " says the harness supplies its add-ons but names no " + addon
          + " image (label dev.chartharness.k3s." + addon + "); rebuild it with ci/k3s-image.sh");
    }
    return reference;
  }

  /**
   * True when Docker's privileged mode cannot start a container here: the engine runs on this machine (a Unix
   * socket) and this machine's capability bounding set lacks CAP_SYS_RESOURCE, so runc cannot grant it ("unable to
   * apply caps"). Then the container gets every capability but that one instead. -Dharness.k3s.privileged=true|false
   * decides instead.
   */
  static boolean privilegedFails() {
    String asked = System.getProperty("harness.k3s.privileged", "auto").toLowerCase(Locale.ROOT);
    if (!asked.equals("auto")) {
      return !Boolean.parseBoolean(asked);
    }
    String host = System.getenv("DOCKER_HOST");
    if (host != null && !host.startsWith("unix://")) {
      return false;
    }
    try {
      return !boundingSetHas(Files.readString(Path.of("/proc/self/status")), CAP_SYS_RESOURCE);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether the {@code CapBnd} line of a /proc/PID/status text has capability {@code bit}. */
  static boolean boundingSetHas(String status, int bit) {
    for (String line : status.split("\n")) {
      if (line.startsWith("CapBnd:")) {
        return (Long.parseUnsignedLong(line.substring("CapBnd:".length()).strip(), 16) & (1L << bit)) != 0;
      }
    }
    throw new IllegalArgumentException("no CapBnd line");
  }

  /** What privileged mode gives k3s, short of CAP_SYS_RESOURCE. */
  private static void withoutPrivileges(HostConfig host) {
    host.withPrivileged(false)
        .withCapAdd(Capability.ALL)
        .withCapDrop(Capability.SYS_RESOURCE)
        // The engine's read-only /proc views stay (the API has no systempaths=unconfined): the image's entrypoint
        // unmounts them.
        .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined"))
        .withDevices(new Device("rwm", "/dev/kmsg", "/dev/kmsg"));
  }

  /** {@code <pid>@<start epoch ms>}: a pid alone could be reused by another process. */
  static String owner(ProcessHandle process) {
    return process.pid() + "@" + process.info().startInstant().map(instant -> instant.toEpochMilli()).orElse(0L);
  }

  static boolean ownerAlive(String owner) {
    int at = owner.indexOf('@');
    try {
      long pid = Long.parseLong(at < 0 ? owner : owner.substring(0, at));
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(K3sCluster::owner)
          .filter(live -> at < 0 || live.equals(owner)).isPresent();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Removes, with their volumes, the k3s containers of processes that are gone (a JVM killed before its cleanup). */
  private void removeAbandoned(DockerClient docker) {
    List<Container> owned = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(OWNER_LABEL)).exec();
    // A detached cluster (`up --detach`) outlives its process on purpose; `down` removes it.
    List<String> detached = DetachedCluster.all().stream().map(DetachedCluster::location).toList();
    for (Container abandoned : owned) {
      String owner = abandoned.getLabels().getOrDefault(OWNER_LABEL, "");
      if (!ownerAlive(owner) && !detached.contains(abandoned.getId())) {
        progress.step("k3s: removing container " + abandoned.getId().substring(0, 12) + " abandoned by process " + owner);
        String[] environment = Optional.ofNullable(docker.inspectContainerCmd(abandoned.getId()).exec().getConfig().getEnv()).orElse(new String[0]);
        docker.removeContainerCmd(abandoned.getId()).withForce(true).withRemoveVolumes(true).exec();
        // Its pods' cgroup parent, left on the host's hierarchies by a process that never reached close().
        java.util.Arrays.stream(environment).filter(variable -> variable.startsWith(CGROUP_ROOT_VARIABLE + "="))
            .map(variable -> variable.substring(CGROUP_ROOT_VARIABLE.length() + 1)).filter(root -> root.startsWith("chart-harness-k3s-"))
            .forEach(root -> HostTools.removeCgroups(root).forEach(problem -> progress.step("k3s: " + problem)));
      }
    }
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** Volume directories inside the container (kubelet runs there). */
  private final class ContainerDirectories implements LocalPathProvisioner.Directories {
    @Override
    public void create(String path) throws IOException {
      exec("mkdir", "-p", path);
      exec("chmod", "0777", path);
    }

    @Override
    public void delete(String path) throws IOException {
      exec("rm", "-rf", path);
    }

    private void exec(String... command) throws IOException {
      try {
        ExecResult result = container.execInContainer(command);
        if (result.getExitCode() != 0) {
          throw new IOException(String.join(" ", command) + " in the k3s container failed: " + result.getStderr().strip());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted: " + String.join(" ", command), e);
      }
    }
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

  /** The container's log, last {@code lines} lines (for diagnosing a failed test). */
  public String logs(int lines) {
    return container == null ? "" : tail(container.getLogs(), lines);
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
    stopProvisioner();
    if (client != null) {
      client.close();
      client = null;
    }
    HostTools.removeShutdownHook(shutdownHook);
    shutdownHook = null;
    container = null;
    return detached.save();
  }

  /** The pods' cgroup parent, once the container (and with it every pod process) is gone; tried for a few seconds. */
  private void removeCgroupRoot() {
    try {
      dev.chartharness.base.Await.until("cgroup " + cgroupRoot + " removed", Duration.ofSeconds(10), () -> {
        List<String> problems = HostTools.removeCgroups(cgroupRoot);
        return problems.isEmpty() ? dev.chartharness.base.Await.done() : dev.chartharness.base.Await.pending(String.join("; ", problems));
      });
    } catch (RuntimeException e) {
      progress.step("k3s: left cgroup " + cgroupRoot + ": " + e.getMessage());
    }
  }

  private void stopProvisioner() {
    if (provisioner != null) {
      provisioner.close();
      provisioner = null;
    }
    if (loadBalancers != null) {
      loadBalancers.close();
      loadBalancers = null;
    }
  }

  @Override
  public synchronized void close() {
    if (Thread.currentThread() != shutdownHook) {
      HostTools.removeShutdownHook(shutdownHook);
    }
    shutdownHook = null;
    stopProvisioner();
    if (client != null) {
      client.close();
      client = null;
    }
    if (container != null) {
      container.stop();
      container = null;
      removeCgroupRoot();
    }
    if (kubeconfig != null) {
      kubeconfig.toFile().delete();
    }
  }
}
