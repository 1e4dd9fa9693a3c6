package dev.chartharness.cluster.realnode;

import dev.chartharness.base.HostProcess;
import dev.chartharness.cluster.LocalImages;
import dev.chartharness.cluster.Ports;
import dev.chartharness.cluster.Progress;
import dev.chartharness.cluster.Templates;
import dev.chartharness.base.Await;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One real Kubernetes node on this machine: containerd (own root, state, sockets and runc root, beside any
 * other containerd), the images imported into it, the kubelet (cgroupfs driver, cgroup v1 allowed) and
 * kube-proxy (iptables mode), with Debian's runc and CNI bridge/host-local/portmap plugins. All of them run in the
 * node's own network namespace ({@link NodeNetwork}) and cgroups ({@link NodeCgroups}). {@link #stop} stops
 * everything and removes what the node left on the host.
 */
final class LocalNode {

  /** The first node's name; further nodes are chart-harness-node-2, -3, ... */
  static final String NAME = "chart-harness-node";
  static final String BRIDGE = "harness0";
  /** The cluster DNS Service's address, inside the API server's Service range 10.0.0.0/24. */
  static final String CLUSTER_DNS = "10.0.0.10";
  private static final String RESOURCES = "/dev/chartharness/cluster/realnode/";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(12);

  private final NodePrerequisites prerequisites;
  private final Path directory;
  private final Progress progress;
  private final String name;
  private final String label;
  private final NodeNetwork network;
  private final NodeCgroups cgroups;
  private final List<HostProcess.Background> processes = Collections.synchronizedList(new ArrayList<>());
  private final Path pids;
  private HostProcess.Background containerd;
  private HostProcess.Background kubelet;
  private HostProcess.Background kubeProxy;
  private ImageStore images;

  /** Node {@code index} (0 for the first) of a cluster, in {@code directory}. */
  LocalNode(NodePrerequisites prerequisites, Path directory, int index, Progress progress) {
    this.prerequisites = prerequisites;
    this.directory = directory;
    this.progress = progress;
    this.name = index == 0 ? NAME : NAME + "-" + (index + 1);
    this.label = index == 0 ? "real node" : "real node " + (index + 1);
    this.network = NodeNetwork.of(directory, index);
    this.cgroups = NodeCgroups.of(directory);
    this.pids = directory.resolve("node.pids");
  }

  /** The node's address: its end of the veth pair, which the host (the harness, the API server's clients) reaches. */
  String ip() {
    return network.nodeAddress();
  }

  String name() {
    return name;
  }

  /** How its progress lines start: "real node", "real node 2", ... */
  String label() {
    return label;
  }

  NodeNetwork network() {
    return network;
  }

  /**
   * The node's network namespace and cgroups, and the record of the kernel settings the kubelet will change: first,
   * because the control plane runs in the namespace too.
   */
  void prepareHost() {
    network.create();
    cgroups.create();
    KernelSettings.record(directory);
  }

  Path directory() {
    return directory;
  }

  private Path socket() {
    return directory.resolve("containerd/containerd.sock");
  }

  /**
   * Starts containerd and waits until it answers on its socket; with {@code images} (else null, and {@link #importImages}
   * imports them) its root starts as a copy of that store, every image in place.
   */
  void startContainerd(ImageStore images) {
    this.images = images;
    if (images != null) {
      progress.step(label + ": importing " + prerequisites.images().size() + " images from the image store (links to its unpacked layers)");
      images.copyInto(directory.resolve("containerd/root"));
    }
    write("containerd/config.toml", "containerd.toml", containerdValues(prerequisites, directory));
    write("cni/net.d/10-harness.conflist", "cni.conflist", Map.of("DIR", directory.toString(), "BRIDGE", BRIDGE, "POD_CIDR", network.podSubnet()));
    containerd = start("containerd", List.of(prerequisites.containerd().toString(), "--config", directory.resolve("containerd/config.toml").toString()));
    awaitContainerd(prerequisites, socket(), containerd);
  }

  /** The values of containerd's configuration ({@code containerd.toml}) for a containerd whose files live under {@code directory}. */
  static Map<String, String> containerdValues(NodePrerequisites prerequisites, Path directory) {
    String pause = prerequisites.images().stream().filter(image -> image.getFileName().toString().startsWith("pause-"))
        .map(LocalImages::reference).findFirst().orElseThrow();
    return Map.of("DIR", directory.toString(), "PAUSE_IMAGE", pause, "RUNC", prerequisites.runc().toString(),
        "CNI_PLUGINS", prerequisites.cniPlugins().toString());
  }

  /** What the components find on PATH: containerd its shim, the kubelet and kube-proxy their iptables and mount tools. */
  static Map<String, String> environment(NodePrerequisites prerequisites) {
    return Map.of("PATH", prerequisites.containerdShim().getParent() + File.pathSeparator + "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  }

  /** Waits until {@code containerd} answers on {@code socket}; fails with its log when it dies or does not answer. */
  static void awaitContainerd(NodePrerequisites prerequisites, Path socket, HostProcess.Background containerd) {
    try {
      Await.until("containerd answers on " + socket, Duration.ofSeconds(30), Duration.ofMillis(100), () -> {
        Optional<String> dead = died(containerd);
        if (dead.isPresent()) {
          return Await.failed(dead.get());
        }
        return Files.exists(socket) && HostProcess.command(List.of(prerequisites.ctr().toString(), "--address", socket.toString(), "version"))
            .withTimeout(Duration.ofSeconds(10)).run().exit() == 0 ? Await.done() : Await.pending("no answer yet");
      });
    } catch (Await.WaitFailedException e) {
      throw new IllegalStateException(e.getMessage() + "\n" + containerd.logTail(30), e);
    }
  }

  /**
   * Imports images into the started containerd, one after another (each is unpacked for the CRI's overlayfs
   * snapshotter as it is imported; two at once contend for the layers they share and the two cores, and took up to
   * five times as long); returns their references. {@code base} picks the cluster's own images (pause, CoreDNS,
   * Traefik, which the add-ons need first) or, false, the application's. The kubelet may already run meanwhile: it
   * creates no pod before the add-ons are applied, and no application pod before the cluster has started.
   */
  List<String> importImages(boolean base) {
    List<Path> wanted = prerequisites.images().stream().filter(image -> LocalImages.isBase(image) == base).toList();
    if (wanted.isEmpty()) {
      return List.of();
    }
    List<String> references = new ArrayList<>();
    if (images != null) {
      // In containerd's root already, copied from the image store.
      wanted.forEach(image -> references.add(LocalImages.reference(image)));
      return references;
    }
    progress.step(label + ": importing " + wanted.size() + (base ? " cluster images" : " application images") + " into containerd");
    for (Path image : wanted) {
      // The name comes from the tarball's index.
      HostProcess.command(List.of(prerequisites.ctr().toString(), "--address", socket().toString(), "--namespace", "k8s.io",
          "images", "import", image.toString())).withTimeout(Duration.ofMinutes(3)).runOrThrow();
      references.add(LocalImages.reference(image));
    }
    return references;
  }

  /** Starts the kubelet and kube-proxy against the control plane and waits until the node is Ready. */
  void join(KubernetesClient client, Path kubeconfig, Path pki) {
    startKubelet(kubeconfig, pki);
    awaitReady(client);
  }

  /** Starts the kubelet and kube-proxy against the control plane; {@link #awaitReady} waits for the node. */
  void startKubelet(Path kubeconfig, Path pki) {
    List<Integer> ports;
    try {
      ports = Ports.free(3);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot choose ports for the kubelet and kube-proxy", e);
    }
    Map<String, String> kubeletValues = new LinkedHashMap<>();
    kubeletValues.put("NODE_IP", ip());
    kubeletValues.put("CGROUP_ROOT", cgroups.root());
    kubeletValues.put("KUBELET_PORT", String.valueOf(ports.get(0)));
    kubeletValues.put("DIR", directory.toString());
    kubeletValues.put("PKI", pki.toString());
    kubeletValues.put("CLUSTER_DNS", CLUSTER_DNS);
    write("kubelet/config.yaml", "kubelet.yaml", kubeletValues);
    kubelet = start("kubelet", List.of(prerequisites.kubelet().toString(), "--config", directory.resolve("kubelet/config.yaml").toString(),
        "--kubeconfig", kubeconfig.toString(), "--root-dir", directory.resolve("kubelet/root").toString(),
        "--cert-dir", directory.resolve("kubelet/pki").toString(), "--hostname-override", name, "--node-ip", ip(),
        "--node-labels", "chart-harness.dev/node=real", "-v", "1"));
    write("kube-proxy/config.yaml", "kube-proxy.yaml", Map.of("KUBECONFIG", kubeconfig.toString(), "NODE_NAME", name,
        "POD_CIDR", NodeNetwork.POD_RANGE, "HEALTHZ_PORT", String.valueOf(ports.get(1)), "METRICS_PORT", String.valueOf(ports.get(2))));
    kubeProxy = start("kube-proxy", List.of(prerequisites.kubeProxy().toString(), "--config", directory.resolve("kube-proxy/config.yaml").toString(), "-v", "1"));
  }

  /** Waits until the started kubelet has registered the node and it is Ready, failing when a component died. */
  void awaitReady(KubernetesClient client) {
    try {
      Await.until("node " + name + " Ready", READY_TIMEOUT, Duration.ofMillis(200), () -> {
        Optional<String> dead = died(containerd, kubelet, kubeProxy);
        if (dead.isPresent()) {
          return Await.failed(dead.get());
        }
        Node node = client.nodes().withName(name).get();
        if (node == null || node.getStatus() == null || node.getStatus().getConditions() == null) {
          return Await.pending("not registered");
        }
        Optional<NodeCondition> ready = node.getStatus().getConditions().stream().filter(condition -> "Ready".equals(condition.getType())).findFirst();
        return ready.isPresent() && "True".equals(ready.get().getStatus()) ? Await.done()
            : Await.pending(ready.map(condition -> condition.getReason() + ": " + condition.getMessage()).orElse("no Ready condition"));
      });
    } catch (Await.WaitFailedException e) {
      throw new IllegalStateException(e.getMessage() + "\n" + logs(), e);
    }
  }

  /** The first of {@code processes} that is no longer running, as its error (exit status and log tail). */
  private static Optional<String> died(HostProcess.Background... processes) {
    for (HostProcess.Background process : processes) {
      try {
        process.requireAlive();
      } catch (IllegalStateException e) {
        return Optional.of(e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** The last lines of every component's log. */
  String logs() {
    StringBuilder out = new StringBuilder();
    for (HostProcess.Background process : List.copyOf(processes)) {
      out.append(process.logTail(25)).append('\n');
    }
    return out.toString();
  }

  private HostProcess.Background start(String name, List<String> command) {
    progress.step(label + ": starting " + name);
    HostProcess.Background process = HostProcess.start(name, network.enter(command), environment(prerequisites), directory.resolve("logs").resolve(name + ".log"), pids);
    processes.add(process);
    // Before it has started anything: the shims containerd starts and the kubelet's children follow it.
    cgroups.adopt(process.pid());
    return process;
  }

  private void write(String file, String resource, Map<String, String> values) {
    try {
      Path target = directory.resolve(file);
      Files.createDirectories(target.getParent());
      Files.writeString(target, Templates.fill(resource, Templates.resource(RESOURCES + resource), values));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + " in " + directory, e);
    }
  }

  /**
   * Stops the node in the order that leaves nothing behind: the pods are deleted while the kubelet still
   * runs (so the CNI plugins release their addresses and port mappings), then kube-proxy (and its rules),
   * the kubelet and containerd; {@link #removeHostState} removes the rest once the control plane is stopped too.
   */
  void stop(KubernetesClient client) {
    if (client != null && kubelet != null && kubelet.isAlive()) {
      drain(client);
      progress.step(label + ": pods deleted");
    }
    if (kubeProxy != null) {
      kubeProxy.stop(STOP_GRACE);
      HostProcess.command(network.enter(List.of(prerequisites.kubeProxy().toString(), "--cleanup"))).withTimeout(Duration.ofSeconds(30)).run();
    }
    if (kubelet != null) {
      kubelet.stop(STOP_GRACE);
    }
    if (containerd != null) {
      containerd.stop(STOP_GRACE);
    }
    progress.step(label + ": kube-proxy, kubelet and containerd stopped");
  }

  /** After {@link #stop} and the control plane's: removes what the node left on the host ({@link HostCleanup}). */
  void removeHostState() {
    List<String> problems = HostCleanup.all(directory, prerequisites.runc());
    progress.step(problems.isEmpty() ? label + ": host state removed" : label + ": could not remove everything: " + String.join("; ", problems));
  }

  /**
   * Deletes the node's pods and waits up to {@link #DRAIN_TIMEOUT} for the kubelet to stop them; whatever is
   * left after that is removed with the host state (runc, CNI chains, the bridge) without the API.
   */
  private void drain(KubernetesClient client) {
    try {
      // Cordoned first, so the controllers' replacements stay pending instead of landing here again.
      client.nodes().withName(name).edit(node -> {
        node.getSpec().setUnschedulable(true);
        return node;
      });
      client.pods().inAnyNamespace().withField("spec.nodeName", name).withGracePeriod(5).delete();
      Await.until("the node's pods are gone", DRAIN_TIMEOUT, () -> {
        List<String> left = client.pods().inAnyNamespace().withField("spec.nodeName", name).list().getItems().stream()
            .map(pod -> pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()).toList();
        return left.isEmpty() ? Await.done() : Await.pending(left.size() + " pods still stopping " + left);
      });
    } catch (Await.WaitFailedException e) {
      progress.step(label + ": " + e.getMessage() + "; removing their containers directly");
    } catch (RuntimeException e) {
      progress.step(label + ": could not delete its pods through the API (" + e.getMessage() + "); removing the containers directly");
    }
  }
}
