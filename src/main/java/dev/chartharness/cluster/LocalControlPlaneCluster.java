package dev.chartharness.cluster;

import dev.chartharness.base.FileTrees;
import dev.chartharness.base.Await;
import dev.chartharness.base.HostProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A real control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) running as
 * local processes, with KWOK simulating nodes: pods are scheduled, admitted (Pod Security
 * Admission is real), become Ready with IPs, Job pods complete, claims bind and LoadBalancers get an
 * address. Containers do not run: behaviour inside pods is not proven here.
 *
 * <p>Started with {@code kwokctl --runtime binary} from the binaries {@code ci/cluster-binaries.sh}
 * built; ports are chosen here because kwokctl hands the same ports to clusters started together.
 */
public final class LocalControlPlaneCluster implements EphemeralCluster, Detachable {

  private static final String RESOURCES = "/dev/chartharness/cluster/kwok/";
  private static final String WORKDIR_PREFIX = "chart-harness-kwok-";
  /** File in a work directory naming the JVM that owns the cluster; a detached cluster has none. */
  private static final String OWNER = "owner.pid";
  /** How long the API server may take to answer /readyz and the controller manager to create the default ServiceAccount. */
  public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private static final String REAL_NODE_RESOURCES = "/dev/chartharness/cluster/realnode/";
  private static final String LOOPBACK = "127.0.0.1";

  private final LocalControlPlaneBinaries binaries;
  private final Progress progress;
  /** Configured for a real kubelet beside it (RealPodsCluster) instead of KWOK's fake nodes. */
  private final boolean realNode;
  /** The command prefix that runs kwokctl (and so every component) in the real node's network namespace; empty on the host. */
  private final List<String> enter;
  /** Where the harness reaches the API server: 127.0.0.1, or the real node's address in its namespace. */
  private final String address;
  private final String name = "harness-" + UUID.randomUUID().toString().substring(0, 6);
  private Path workdir;
  private Path kubeconfig;
  private KubernetesClient client;
  private Thread shutdownHook;
  private Runnable whenServing;
  private CompletableFuture<Void> serving;

  private final Duration startTimeout;
  /** How many fake nodes KWOK runs ({@link SimulatedNodes}); none with a real node. */
  private final int simulatedNodes;

  private LocalControlPlaneCluster(LocalControlPlaneBinaries binaries, Progress progress, boolean realNode) {
    this(binaries, progress, realNode, START_TIMEOUT, SimulatedNodes.DEFAULT, List.of(), LOOPBACK);
  }

  private LocalControlPlaneCluster(LocalControlPlaneBinaries binaries, Progress progress, boolean realNode, Duration startTimeout,
                                   int simulatedNodes) {
    this(binaries, progress, realNode, startTimeout, simulatedNodes, List.of(), LOOPBACK);
  }

  private LocalControlPlaneCluster(LocalControlPlaneBinaries binaries, Progress progress, boolean realNode, Duration startTimeout,
                                   int simulatedNodes, List<String> enter, String address) {
    this.binaries = binaries;
    this.progress = progress;
    this.realNode = realNode;
    this.enter = List.copyOf(enter);
    this.address = address;
    this.startTimeout = startTimeout;
    this.simulatedNodes = simulatedNodes;
  }

  /** How long the API server may take to answer and the controller manager to create the default ServiceAccount; {@link #START_TIMEOUT} unless given. */
  public LocalControlPlaneCluster withStartTimeout(Duration timeout) {
    return new LocalControlPlaneCluster(binaries, progress, realNode, timeout, simulatedNodes, enter, address);
  }

  /**
   * How many fake nodes KWOK runs ({@link SimulatedNodes#DEFAULT} unless given, at most {@link SimulatedNodes#MAX}); size it
   * for a workload with {@link SimulatedNodes#needed}.
   */
  public LocalControlPlaneCluster withSimulatedNodes(int count) {
    if (count < 1 || count > SimulatedNodes.MAX) {
      throw new IllegalArgumentException("a local control plane has 1 to " + SimulatedNodes.MAX + " simulated nodes, not " + count);
    }
    return new LocalControlPlaneCluster(binaries, progress, realNode, startTimeout, count, enter, address);
  }

  /** How many fake nodes it runs (or will run once started); 0 when prepared for a real node. */
  public int simulatedNodes() {
    return realNode ? 0 : simulatedNodes;
  }

  /** A cluster from the given or built binaries; fails with instructions when there are none. */
  public static LocalControlPlaneCluster fromBuiltBinaries() {
    return new LocalControlPlaneCluster(LocalControlPlaneBinaries.givenDirectory().map(LocalControlPlaneBinaries::fromDirectory)
        .or(LocalControlPlaneBinaries::onPath).orElseGet(LocalControlPlaneBinaries::locate), Progress.toStandardError(), false);
  }

  /** A cluster from the given or built binaries, building them first with the harness's recipe when they are missing. */
  public static LocalControlPlaneCluster buildingIfNeeded() {
    return new LocalControlPlaneCluster(LocalControlPlaneBinaries.locateOrBuild(), Progress.toStandardError(), false);
  }

  /** A cluster from the binaries in {@code directory} (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, etcd, kwok, kwokctl). */
  public static LocalControlPlaneCluster fromBinaries(Path directory) {
    return new LocalControlPlaneCluster(LocalControlPlaneBinaries.fromDirectory(directory), Progress.toStandardError(), false);
  }

  public LocalControlPlaneCluster withProgress(Progress progress) {
    return new LocalControlPlaneCluster(binaries, progress, realNode, startTimeout, simulatedNodes, enter, address);
  }

  /**
   * The same control plane prepared for a real kubelet: every component runs through {@code enter} (the command prefix
   * that puts it in the node's network namespace) and listens on every address there, the API server advertises
   * {@code address} (the node's, where the harness and the pods reach it) and its certificate names it and the
   * kubernetes Service IP, anonymous requests are refused, it dials kubelets by IP with the admin certificate, KWOK
   * manages only nodes annotated fake, and instead of fake nodes there is a default local-path StorageClass.
   */
  public LocalControlPlaneCluster forRealNode(List<String> enter, String address) {
    return new LocalControlPlaneCluster(binaries, progress, true, startTimeout, simulatedNodes, enter, address);
  }

  @Override
  public synchronized LocalControlPlaneCluster start() {
    if (kubeconfig != null) {
      return this;
    }
    try {
      removeAbandonedClusters();
      workdir = Files.createTempDirectory(WORKDIR_PREFIX);
      Files.writeString(workdir.resolve(OWNER), String.valueOf(ProcessHandle.current().pid()));
      Path config = workdir.resolve("kwokctl-" + name + ".yaml");
      Files.writeString(config, kwokctlConfiguration());
      Path stages = workdir.resolve("stages.yaml");
      Files.writeString(stages, resource("stages.yaml"));
      // Registered before anything starts, so a JVM that dies mid-start still removes the processes. With a real
      // node the owner stops both, in order: the node's pods are deleted through this API server first.
      if (!realNode) {
        shutdownHook = new Thread(this::delete, "delete-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
      progress.step("local control plane " + binaries.kubernetesVersion() + ": starting etcd, kube-apiserver, kube-controller-manager, kube-scheduler and KWOK (" + name + ")");
      run(List.of(binaries.kwokctl().toString(), "--name", name, "--config", config.toString(), "--config", stages.toString(),
          "create", "cluster", "--kubeconfig", workdir.resolve("kubeconfig").toString(), "--timeout", "60s", "-v", "WARN"),
          Duration.ofSeconds(120));
      kubeconfig = hostKubeconfig(workdir.resolve("clusters").resolve(name).resolve("kubeconfig.yaml"));
      // kwokctl returns once the API server serves; what waits for that starts now, beside the rest of the start.
      serving = whenServing == null ? CompletableFuture.completedFuture(null) : CompletableFuture.runAsync(whenServing);
      awaitApiServer();
      try (InputStream objects = LocalControlPlaneCluster.class.getResourceAsStream((realNode ? REAL_NODE_RESOURCES : RESOURCES) + "cluster-objects.yaml")) {
        client().load(objects).items().forEach(object -> client().resource(object).create());
      }
      if (!realNode) {
        client().load(new ByteArrayInputStream(SimulatedNodes.objects(simulatedNodes).getBytes(StandardCharsets.UTF_8)))
            .items().forEach(object -> client().resource(object).create());
      }
      awaitDefaultServiceAccount();
      progress.step("local control plane ready: " + kubeconfig);
      try {
        serving.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
      }
      return this;
    } catch (IOException e) {
      awaitServingAction();
      close();
      throw new ClusterUnavailableException("cannot prepare the local control plane in " + workdir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      awaitServingAction();
      String logs = componentLogs();
      close();
      throw new ClusterUnavailableException("the local control plane did not start: " + e.getMessage() + "\n" + logs, e);
    }
  }

  /**
   * Runs {@code action} on a thread of its own as soon as the API server serves requests, while it and the controllers
   * finish starting ({@code /readyz}, the default ServiceAccount); {@link #start} returns, or fails, only once the
   * action has ended, and fails with what it threw. A real node's kubelet starts this way: it takes a second to come
   * up itself, and it authenticates as a cluster administrator, whom the authorizer admits before RBAC is bootstrapped.
   */
  public LocalControlPlaneCluster whenServing(Runnable action) {
    this.whenServing = action;
    return this;
  }

  /** Before a failed start tears down: the action must not go on (starting a kubelet, say) after the teardown. */
  private void awaitServingAction() {
    if (serving != null) {
      serving.handle((done, failure) -> null).join();
    }
  }

  /** kwokctl's kubeconfig names 127.0.0.1; where the API server lives in the node's namespace, a copy names its address. */
  private Path hostKubeconfig(Path written) throws IOException {
    if (address.equals(LOOPBACK)) {
      return written;
    }
    String original = Files.readString(written);
    String server = "server: https://" + LOOPBACK + ":";
    if (!original.contains(server)) {
      throw new IOException(written + " has no \"" + server + "\" line to point at " + address);
    }
    Path copy = workdir.resolve("kubeconfig-" + address + ".yaml");
    Files.writeString(copy, original.replace(server, "server: https://" + address + ":"));
    return copy;
  }

  private String kwokctlConfiguration() throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> names = List.of("KUBE_APISERVER_PORT", "ETCD_PORT", "ETCD_PEER_PORT", "KUBE_CONTROLLER_MANAGER_PORT", "KUBE_SCHEDULER_PORT", "KWOK_CONTROLLER_PORT");
    List<Integer> ports = Ports.free(names.size());
    for (int i = 0; i < names.size(); i++) {
      values.put(names.get(i), String.valueOf(ports.get(i)));
    }
    values.put("ETCD_BINARY", binaries.etcd().toString());
    values.put("KUBE_APISERVER_BINARY", binaries.kubeApiserver().toString());
    values.put("KUBE_CONTROLLER_MANAGER_BINARY", binaries.kubeControllerManager().toString());
    values.put("KUBE_SCHEDULER_BINARY", binaries.kubeScheduler().toString());
    values.put("KWOK_BINARY", binaries.kwok().toString());
    values.put("KUBECTL_BINARY", binaries.kubectl().toString());
    values.put("REAL_NODE_OPTIONS", realNode ? resource(REAL_NODE_RESOURCES, "kwokctl-options.yaml") : "");
    values.put("REAL_NODE_PATCHES", realNode ? resource(REAL_NODE_RESOURCES, "kwokctl-patches.yaml") : "");
    values.put("PKI", pki().toString());
    values.put("NODE_IP", address);
    return Templates.fill("kwokctl.yaml", resource("kwokctl.yaml"), values);
  }

  private static String resource(String name) throws IOException {
    return Templates.resource(RESOURCES + name);
  }

  private static String resource(String directory, String name) throws IOException {
    return Templates.resource(directory + name);
  }

  /** The cluster's certificate authority and admin certificate (ca.crt, admin.crt, admin.key), written by kwokctl. */
  public Path pki() {
    if (workdir == null) {
      throw new IllegalStateException("local control plane is not started; call start() first");
    }
    return workdir.resolve("clusters").resolve(name).resolve("pki");
  }

  /**
   * Removes clusters whose owning JVM died without its shutdown hook (kill -9, a CI timeout), so that
   * their processes and ports do not outlive it, and directories with no owner that no detached cluster records.
   * Detached clusters have no owner and are left alone.
   */
  private void removeAbandonedClusters() throws IOException {
    java.util.Set<String> detached = DetachedCluster.all().stream().map(DetachedCluster::location).collect(java.util.stream.Collectors.toSet());
    for (HostTools.OwnedDirectory candidate : HostTools.tempDirectories(WORKDIR_PREFIX, OWNER)) {
      if (candidate.ownerAlive() || (candidate.owner() < 0 && (detached.contains(candidate.directory().toString()) || justCreated(candidate.directory())))) {
        continue;
      }
      // A start the dead JVM left running (kwokctl create, which goes on starting components) stops first.
      HostTools.stopProcessesMentioning(candidate.directory() + java.io.File.separator);
      Path clusters = candidate.directory().resolve("clusters");
      try (Stream<Path> names = Files.isDirectory(clusters) ? Files.list(clusters) : Stream.empty()) {
        for (Path cluster : names.toList()) {
          progress.step("removing local control plane " + cluster.getFileName() + " abandoned by process " + candidate.owner());
          delete(cluster.getFileName().toString(), candidate.directory(), binaries.kwokctl());
        }
      }
      FileTrees.deleteLast(candidate.directory(), OWNER);
    }
  }

  /**
   * A directory without an owner that is no detached cluster's was left half-removed (or by an older harness); one
   * made in the last minute may be a start in another JVM that has not written its owner yet.
   */
  private static boolean justCreated(Path directory) {
    try {
      return Files.getLastModifiedTime(directory).toInstant().isAfter(java.time.Instant.now().minus(Duration.ofMinutes(1)));
    } catch (IOException e) {
      return true;
    }
  }

  /** kwokctl exits 0 even when the API server never came up: ask it. */
  private void awaitApiServer() {
    Await.until("kube-apiserver answers /readyz", startTimeout, Duration.ofMillis(200),
        () -> "ok".equals(client().raw("/readyz")) ? Await.done() : Await.pending("/readyz is not ok yet"));
  }

  /** The controller manager is working once it has created the default namespace's ServiceAccount. */
  private void awaitDefaultServiceAccount() {
    Await.until("kube-controller-manager creates the default ServiceAccount", startTimeout, Duration.ofMillis(200),
        () -> client().serviceAccounts().inNamespace("default").withName("default").get() != null ? Await.done() : Await.pending("not created yet"));
  }

  private void run(List<String> command, Duration timeout) {
    // kwokctl probes the cluster with the first kubectl on PATH: make it ours, not whatever the machine has.
    List<String> entered = new java.util.ArrayList<>(enter);
    entered.addAll(command);
    HostProcess.command(entered).withEnvironment("KWOK_WORKDIR", workdir.toString())
        .withEnvironment("PATH", binaries.kubectl().getParent() + java.io.File.pathSeparator + System.getenv().getOrDefault("PATH", ""))
        .withTimeout(timeout).runOrThrow();
  }

  /** The last lines of each component's log, for a failure message. */
  public String componentLogs() {
    if (workdir == null) {
      return "";
    }
    Path logs = workdir.resolve("clusters").resolve(name).resolve("logs");
    if (!Files.isDirectory(logs)) {
      return "(no component logs in " + logs + ")";
    }
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.list(logs)) {
      for (Path log : files.sorted().toList()) {
        List<String> lines = Files.readAllLines(log);
        out.append("== ").append(log.getFileName()).append(" (last 20 lines)\n");
        lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(line -> out.append("  ").append(line).append('\n'));
      }
    } catch (IOException e) {
      out.append("cannot read ").append(logs).append(": ").append(e.getMessage());
    }
    return out.toString();
  }

  @Override
  public Path kubeconfig() {
    if (kubeconfig == null) {
      throw new IllegalStateException("local control plane is not started; call start() first");
    }
    return kubeconfig;
  }

  @Override
  public synchronized KubernetesClient client() {
    if (client == null) {
      client = EphemeralCluster.clientFor(kubeconfig());
    }
    return client;
  }

  @Override
  public ClusterCapabilities capabilities() {
    return new ClusterCapabilities("local", false, false, null, false);
  }

  /**
   * Leaves the cluster running after this JVM exits; {@link DetachedCluster#delete()} (the {@code down}
   * command) removes it later.
   */
  @Override
  public synchronized DetachedCluster detach() {
    if (shutdownHook != null) {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
      shutdownHook = null;
    }
    if (client != null) {
      client.close();
      client = null;
    }
    // Recorded before its owner goes, so that no other start takes it for abandoned in between.
    DetachedCluster detached = new DetachedCluster(name, "local", kubeconfig(), workdir.toString(), binaries.kwokctl().toString()).save();
    try {
      Files.deleteIfExists(workdir.resolve(OWNER));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot detach " + name, e);
    }
    workdir = null;
    kubeconfig = null;
    return detached;
  }

  /** Deletes a detached local control plane: kwokctl stops every component, then its directory goes. */
  public static void delete(String name, Path workdir, Path kwokctl) {
    HostProcess.Result deleted = HostProcess.command(kwokctl.toString(), "--name", name, "delete", "cluster",
        "--kubeconfig", workdir.resolve("kubeconfig").toString(), "-v", "WARN")
        .withEnvironment("KWOK_WORKDIR", workdir.toString()).withTimeout(Duration.ofSeconds(60)).echoingTo(System.err).run();
    if (!deleted.succeeded()) {
      System.err.println("kwokctl delete cluster " + name + " failed; removing its directory anyway:\n  " + deleted.tail());
    }
    FileTrees.deleteLast(workdir, OWNER);
  }

  /** The kube-apiserver's process id (kwokctl's pid file), while the cluster runs. */
  public Optional<Long> apiServerPid() {
    Path workdir = this.workdir;
    if (workdir == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(Files.readString(workdir.resolve("clusters").resolve(name).resolve("pids").resolve("kube-apiserver.pid")).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Where the cluster keeps its state and component logs. */
  public Path workdir() {
    return workdir;
  }

  @Override
  public synchronized void close() {
    HostTools.removeShutdownHook(shutdownHook);
    shutdownHook = null;
    delete();
  }

  private synchronized void delete() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (workdir == null) {
      return;
    }
    try {
      delete(name, workdir, binaries.kwokctl());
    } catch (RuntimeException e) {
      System.err.println("could not delete local control plane " + name + ": " + e.getMessage());
    }
    workdir = null;
    kubeconfig = null;
  }

}
