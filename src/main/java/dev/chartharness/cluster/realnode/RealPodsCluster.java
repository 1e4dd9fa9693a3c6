package dev.chartharness.cluster.realnode;

import dev.chartharness.base.FileTrees;

import dev.chartharness.cluster.HostTools;
import dev.chartharness.cluster.ClusterCapabilities;
import dev.chartharness.cluster.ClusterUnavailableException;
import dev.chartharness.cluster.Detachable;
import dev.chartharness.cluster.DetachedCluster;
import dev.chartharness.base.HostProcess;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.cluster.LocalControlPlaneCluster;
import dev.chartharness.cluster.LocalImages;
import dev.chartharness.cluster.Ports;
import dev.chartharness.cluster.Progress;
import dev.chartharness.cluster.ClusterAddons;
import dev.chartharness.cluster.LocalPathProvisioner;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Real containers on this machine: the Go-built control plane ({@link LocalControlPlaneCluster}, set up
 * for a real node) plus one real node ({@link LocalNode}: containerd, kubelet, kube-proxy, runc, CNI), the
 * images from {@code ci/images} imported into it, a local-path provisioner, CoreDNS and Traefik (default
 * IngressClass {@code traefik}, HTTP on {@code <node address>:<port>}). Needs root. The control plane and the node
 * run in the node's own network namespace and cgroups ({@link NodeNetwork}, {@link NodeCgroups}): the host keeps
 * nothing but one veth link with its routes while it runs, and gets its kernel settings back after. One per machine
 * at a time (the veth pairs' names and addresses are fixed); a second start waits for nothing and fails saying so.
 * Everything is stopped and removed by {@link #close()}, or by the next start when the JVM that owned it died. {@link #detach()} leaves it running after the JVM exits ({@code up --detach}): a keeper
 * process ({@link DetachedNodeKeeper}) then holds the machine's lock and runs the local-path provisioner, and
 * {@link #deleteDetached} ({@code down}) removes everything.
 */
public final class RealPodsCluster implements EphemeralCluster, Detachable {

  private static final String WORKDIR_PREFIX = "chart-harness-node-";
  private static final String OWNER = "owner.pid";
  private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "chart-harness-real-node.lock");
  private static final Duration ADDONS_TIMEOUT = Duration.ofSeconds(120);

  private final NodePrerequisites prerequisites;
  /** Prepared for the node (in its network namespace) once the node's directory exists, in {@link #start()}. */
  private LocalControlPlaneCluster controlPlane;
  private final Progress progress;
  private FileChannel lockChannel;
  private FileLock lock;
  private final int nodeCount;
  /** The nodes, the first (which also holds the control plane's namespace) first. */
  private final List<LocalNode> nodes = new java.util.ArrayList<>();
  private LocalNode node;
  private final List<LocalPathProvisioner> provisioners = new java.util.ArrayList<>();
  private Thread shutdownHook;
  private int ingressPort;
  private boolean started;

  private RealPodsCluster(NodePrerequisites prerequisites, LocalControlPlaneCluster controlPlane, Progress progress, int nodeCount) {
    this.prerequisites = prerequisites;
    this.controlPlane = controlPlane;
    this.progress = progress;
    this.nodeCount = nodeCount;
  }

  /**
   * A cluster whose prerequisites the harness's {@code real-node.sh} recipe has just installed or built (a
   * second or so when everything is cached; tens of minutes on a machine that has nothing), importing the
   * application images {@code -Dharness.images} names (see {@link #withImages}).
   */
  public static RealPodsCluster preparing() {
    NodePrerequisites prerequisites = NodePrerequisites.prepare().withImages(LocalImages.given());
    return new RealPodsCluster(prerequisites, LocalControlPlaneCluster.fromBuiltBinaries(), Progress.toStandardError(), 1);
  }

  /**
   * Application images to import into the node's containerd at start, beside the cluster's own: OCI image
   * tarballs named {@code <name>-<tag>.tar} (the image {@code localhost/chart-harness/<name>:<tag>}), or
   * directories of them. Charts select them with {@code pullPolicy: Never} (nothing is pulled).
   */
  public RealPodsCluster withImages(Path... tarballsOrDirectories) {
    List<Path> images = new java.util.ArrayList<>();
    for (Path path : tarballsOrDirectories) {
      images.addAll(LocalImages.tarballs(path));
    }
    return new RealPodsCluster(prerequisites.withImages(images), controlPlane, progress, nodeCount);
  }

  /**
   * The same cluster with {@code count} real nodes (1 unless given, at most 8) on this machine, each with its own
   * containerd, kubelet, kube-proxy, network namespace and cgroups: chart-harness-node, chart-harness-node-2, ...
   * The add-ons (CoreDNS, Traefik) run on the first; the others join once they are ready.
   */
  public RealPodsCluster withNodes(int count) {
    if (count < 1 || count > NodeNetwork.MAX_NODES) {
      throw new IllegalArgumentException("a real-pods cluster has 1 to " + NodeNetwork.MAX_NODES + " nodes, not " + count);
    }
    return new RealPodsCluster(prerequisites, controlPlane, progress, count);
  }

  @Override
  public synchronized RealPodsCluster start() {
    if (started) {
      return this;
    }
    requireRoot();
    acquireLock();
    try {
      removeAbandonedNodes();
      for (int index = 0; index < nodeCount; index++) {
        Path directory = Files.createTempDirectory(WORKDIR_PREFIX);
        Files.writeString(directory.resolve(OWNER), String.valueOf(ProcessHandle.current().pid()));
        nodes.add(new LocalNode(prerequisites, directory, index, progress));
      }
      ingressPort = Ports.free(1).get(0);
    } catch (IOException e) {
      nodes.forEach(created -> FileTrees.deleteLast(created.directory(), OWNER));
      nodes.clear();
      releaseLock();
      throw new ClusterUnavailableException("cannot prepare the real node's directory: " + e.getMessage(), e);
    }
    node = nodes.get(0);
    shutdownHook = new Thread(this::stop, "stop-real-pods-cluster");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    started = true;
    List<CompletableFuture<Void>> containerds = new java.util.ArrayList<>();
    List<CompletableFuture<List<String>>> baseImages = new java.util.ArrayList<>();
    List<CompletableFuture<List<String>>> imports = new java.util.ArrayList<>();
    try {
      for (LocalNode each : nodes) {
        each.prepareHost();
        if (each != node) {
          each.network().joinTo(node.network());
        }
      }
      ImageStore images = imageStore();
      for (LocalNode each : nodes) {
        progress.step(each.label() + ": containerd " + each.directory() + ", images " + prerequisites.images().size() + ", node address " + each.ip()
            + " (network namespace " + each.network().namespace() + ", host link " + each.network().hostLink() + ")");
        // The control plane, every node's containerd and then its image imports start side by side: the cluster's
        // own images first, then the application's.
        CompletableFuture<Void> containerd = CompletableFuture.runAsync(() -> each.startContainerd(images));
        containerds.add(containerd);
        CompletableFuture<List<String>> base = containerd.thenApplyAsync(started -> each.importImages(true));
        baseImages.add(base);
        imports.add(base.thenApplyAsync(imported -> concat(imported, each.importImages(false))));
      }
      // The first node's kubelet starts as soon as the API server serves (and its containerd answers), while the
      // control plane finishes starting and the images are still imported; the add-ons need the cluster's own images,
      // and start while the application's are imported.
      controlPlane = controlPlane.forRealNode(node.network().enter(List.of()), node.ip()).whenServing(() -> {
        join(containerds.get(0));
        node.startKubelet(controlPlane.kubeconfig(), controlPlane.pki());
      });
      controlPlane.start();
      node.awaitReady(client());
      nodeReady(node);
      installAddons(join(baseImages.get(0)));
      List<String> imported = join(imports.get(0));
      progress.step("real node: imported " + String.join(", ", imported));
      ClusterAddons.awaitReady(client(), ADDONS_TIMEOUT);
      ClusterAddons.awaitIngressAnswers(capabilities().ingressHttpBase(), Duration.ofSeconds(30));
      // The others join once the add-ons run on the first: they stay there, where the ingress address points.
      for (int index = 1; index < nodes.size(); index++) {
        join(imports.get(index));
        joinNode(nodes.get(index));
      }
      progress.step("real-pods cluster ready: " + controlPlane.kubeconfig() + ", ingress " + capabilities().ingressHttpBase()
          + (nodes.size() > 1 ? ", " + nodes.size() + " nodes" : ""));
      return this;
    } catch (RuntimeException e) {
      // Every containerd must have started (or failed) and its imports ended before the nodes are stopped, or one
      // could start after.
      imports.forEach(imported -> imported.handle((references, failure) -> null).join());
      containerds.forEach(containerd -> containerd.handle((started, failure) -> null).join());
      StringBuilder logs = new StringBuilder();
      nodes.forEach(each -> logs.append(each.logs()));
      logs.append(controlPlane.componentLogs());
      close();
      throw new ClusterUnavailableException("the real-pods cluster did not start: " + e.getMessage() + "\n" + logs, e);
    }
  }

  /** The image store every node's containerd starts from; null when it cannot be made, and the nodes import the images. */
  private ImageStore imageStore() {
    try {
      return ImageStore.prepare(prerequisites, progress);
    } catch (RuntimeException e) {
      progress.step("real node: no image store (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + "): every node imports the images itself");
      return null;
    }
  }

  /** Starts a node's kubelet and kube-proxy, waits until it is Ready, and serves its local-path volumes. */
  private void joinNode(LocalNode joining) {
    joining.join(client(), controlPlane.kubeconfig(), controlPlane.pki());
    nodeReady(joining);
  }

  /** Says a node is Ready and serves its local-path volumes. */
  private void nodeReady(LocalNode joining) {
    progress.step(joining.label() + ": " + joining.name() + " Ready (kubelet " + prerequisites.kubernetesVersion() + ")");
    provisioners.add(new LocalPathProvisioner(client(), joining.directory().resolve("volumes"), joining.name(), LocalPathProvisioner.Directories.onHost()).start());
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    }
  }

  private static void requireRoot() {
    try {
      String uid = HostTools.uid();
      if (!"0".equals(uid)) {
        throw new ClusterUnavailableException("the real-pods cluster runs containerd and a kubelet, which need root (this process runs as uid "
            + uid + "); use -Dharness.cluster=local for simulated pods");
      }
    } catch (IOException e) {
      throw new ClusterUnavailableException("cannot read /proc/self/status: the real-pods cluster needs Linux", e);
    }
  }

  private void acquireLock() {
    try {
      lockChannel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = lockChannel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      releaseLock();
      throw new ClusterUnavailableException("another real-pods cluster runs on this machine (" + LOCK + " is locked): "
          + "its node's veth pair has the same name and addresses; stop it first"
          + " (one left by up --detach: java -jar target/chart-harness.jar down)");
    }
  }

  private void releaseLock() {
    try {
      if (lock != null) {
        lock.release();
      }
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException ignored) {
      // The lock goes with the process anyway.
    }
    lock = null;
    lockChannel = null;
  }

  /** Nodes whose JVM died without stopping them (kill -9, a CI timeout): their processes and host state go now. */
  private void removeAbandonedNodes() throws IOException {
    // A directory without an owner is abandoned as well: this JVM holds the lock, so no live node uses it.
    for (HostTools.OwnedDirectory candidate : HostTools.tempDirectories(WORKDIR_PREFIX, OWNER)) {
      if (candidate.ownerAlive()) {
        continue;
      }
      Path directory = candidate.directory();
      progress.step("real node: removing " + directory + " abandoned by process " + candidate.owner());
      HostCleanup.stopRecordedProcesses(directory.resolve("node.pids"), directory.toString());
      List<String> problems = HostCleanup.all(directory, prerequisites.runc());
      if (problems.isEmpty()) {
        FileTrees.delete(directory);
      } else {
        progress.step("real node: left " + directory + ": " + String.join("; ", problems));
      }
    }
  }

  /** Applies CoreDNS and Traefik from the imported cluster images; {@link #start} waits for them. */
  private void installAddons(List<String> imported) {
    String manifest = ClusterAddons.manifest(LocalNode.CLUSTER_DNS, ingressPort, node.ip(), image(imported, "coredns"), image(imported, "traefik"));
    progress.step("real-pods cluster: starting CoreDNS and Traefik");
    client().load(new ByteArrayInputStream(manifest.getBytes(StandardCharsets.UTF_8))).items()
        .forEach(object -> client().resource(object).create());
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> both = new java.util.ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  private static String image(List<String> imported, String name) {
    return imported.stream().filter(reference -> reference.startsWith(LocalImages.PREFIX + name + ":")).findFirst()
        .orElseThrow(() -> new ClusterUnavailableException("no " + name + " image was imported; run ci/images/build-images.sh " + name));
  }

  @Override
  public Path kubeconfig() {
    return controlPlane.kubeconfig();
  }

  @Override
  public KubernetesClient client() {
    return controlPlane.client();
  }

  @Override
  public ClusterCapabilities capabilities() {
    boolean applicationImages = prerequisites.images().size() > LocalImages.base().size();
    // The host routes the Service range to the node (NodeNetwork), whose kube-proxy serves it.
    return new ClusterCapabilities("real-pods", true, true, ingressPort == 0 ? null : "http://" + node.ip() + ":" + ingressPort, applicationImages, true);
  }

  /** Every node's directory, the first node's first, while it runs. */
  public List<String> nodeDirectories() {
    return nodes.stream().map(each -> each.directory().toString()).toList();
  }

  /** The (first) node's directory (its containerd, kubelet, volumes and network namespace), while it runs. */
  public String nodeDirectory() {
    if (node == null) {
      throw new IllegalStateException("the real-pods cluster is not started; call start() first");
    }
    return node.directory().toString();
  }

  /** Every node's component logs (containerd, kubelet, kube-proxy), last lines of each. */
  public String nodeLogs() {
    StringBuilder logs = new StringBuilder();
    nodes.forEach(each -> logs.append(each.logs()));
    return logs.toString();
  }

  @Override
  public synchronized void close() {
    HostTools.removeShutdownHook(shutdownHook);
    shutdownHook = null;
    stop();
  }

  /**
   * Leaves the cluster running after this JVM exits. The local-path provisioner moves to a keeper process of its own
   * (in its own session, so Ctrl-C in this terminal does not reach it), which takes over the machine's real-node lock
   * and the node directory's ownership; {@link #deleteDetached} stops it with the node.
   */
  @Override
  public synchronized DetachedCluster detach() {
    if (!started) {
      throw new IllegalStateException("the real-pods cluster is not running; start() it first");
    }
    if (nodes.size() > 1) {
      throw new IllegalStateException("a real-pods cluster of " + nodes.size() + " nodes cannot be detached (down removes one node); detach a one-node cluster");
    }
    HostTools.removeShutdownHook(shutdownHook);
    shutdownHook = null;
    provisioners.forEach(LocalPathProvisioner::close);
    String javaBinary = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    HostProcess.Background keeper = HostProcess.start("detached-node-keeper",
        List.of(javaBinary, "-cp", System.getProperty("java.class.path"), DetachedNodeKeeper.class.getName(),
            controlPlane.kubeconfig().toString(), node.directory().resolve("volumes").toString()),
        java.util.Map.of(), node.directory().resolve("logs").resolve("detached-node-keeper.log"), node.directory().resolve("node.pids"));
    DetachedCluster controlPlaneRecord = controlPlane.detach();
    try {
      Files.writeString(node.directory().resolve(OWNER), String.valueOf(keeper.pid()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot hand " + node.directory() + " to the keeper process", e);
    }
    releaseLock();
    started = false;
    progress.step("real-pods cluster: detached; process " + keeper.pid() + " keeps the node's lock and local-path provisioner");
    return new DetachedCluster(controlPlaneRecord.name(), "real-pods", controlPlaneRecord.kubeconfig(), controlPlaneRecord.location(),
        controlPlaneRecord.tool(), node.directory().toString()).save();
  }

  /**
   * Removes a detached real-pods cluster: the keeper and the node's processes (from its PID file), then what they
   * leave on the host (containers, mounts, bridge, chains, cgroups), then its control plane and directories.
   */
  public static void deleteDetached(DetachedCluster detached) {
    Path directory = Path.of(detached.node());
    HostCleanup.stopRecordedProcesses(directory.resolve("node.pids"), directory.toString());
    LocalControlPlaneCluster.delete(detached.name(), Path.of(detached.location()), Path.of(detached.tool()));
    List<String> problems = HostCleanup.all(directory, NodePrerequisites.locate().runc());
    if (problems.isEmpty() && HostCleanup.mountsUnder(directory).isEmpty()) {
      FileTrees.delete(directory);
    } else {
      System.err.println("real node: left " + directory + ": " + String.join("; ", problems));
    }
  }

  /** For the keeper: takes the machine's real-node lock (waiting for it) and holds it until the process exits. */
  static void holdLockForever() throws IOException {
    FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    HELD.add(channel.lock());
  }

  private static final List<FileLock> HELD = new java.util.concurrent.CopyOnWriteArrayList<>();

  private synchronized void stop() {
    if (!started) {
      return;
    }
    started = false;
    progress.step("real-pods cluster: stopping");
    provisioners.forEach(LocalPathProvisioner::close);
    provisioners.clear();
    KubernetesClient client = null;
    try {
      client = controlPlane.client();
    } catch (RuntimeException notStarted) {
      // The control plane never came up: the node is stopped without the API.
    }
    // The further nodes first: the first's namespace carries their traffic to the control plane.
    for (int index = nodes.size() - 1; index >= 0; index--) {
      nodes.get(index).stop(client);
    }
    controlPlane.close();
    for (LocalNode each : nodes) {
      each.removeHostState();
      if (HostCleanup.mountsUnder(each.directory()).isEmpty()) {
        FileTrees.deleteLast(each.directory(), OWNER);
      } else {
        progress.step(each.label() + ": " + each.directory() + " still has mounts and is left in place");
      }
    }
    nodes.clear();
    releaseLock();
    progress.step("real-pods cluster: stopped");
  }

}
