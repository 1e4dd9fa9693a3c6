package dev.chartharness.cluster.realnode;

import dev.chartharness.base.HostProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real node's own network namespace, so that nothing it does touches the host's network: its bridge, the pods'
 * veths, kube-proxy's and the CNI plugins' iptables rules, its sysctls and every socket the control plane, the
 * kubelet and containerd listen on live inside it. The namespace is a bind mount of a file in the node's directory
 * (not {@code /run/netns}), so unmounting it, which the node's cleanup does to every mount below its directory, is
 * what removes it, with everything in it.
 *
 * <p>Node {@code i} is reached from the host through one veth pair in the harness's own range {@link #RANGE}:
 * {@code 10.89.i.1} on the host's end ({@code harness-veth<i>}), {@code 10.89.i.2} on the node's; its pods get
 * {@code 10.88.i.0/24}. The only host state is those links and the routes over them to the pod ranges and (through
 * the first node, whose namespace also holds the control plane) the Service range, all of which go with the links.
 * Further nodes are joined to the first by a veth pair between the namespaces ({@code 10.90.i.0/24}), the first
 * routing between them, so the host forwards nothing. There is no default route: pods reach nothing beyond the
 * cluster.
 */
final class NodeNetwork {

  /** The harness's veth range: node i's pair is 10.89.i.0/24. */
  static final String RANGE = "10.89.0.0/16";
  /** The Service range of the control plane (kube-apiserver's default), routed to the first node for LoadBalancer addresses. */
  static final String SERVICE_RANGE = "10.0.0.0/24";
  /** The cluster's pod range; node i's bridge serves 10.88.i.0/24. */
  static final String POD_RANGE = "10.88.0.0/16";
  /** At most this many nodes (the third octet of every range is the node's index). */
  static final int MAX_NODES = 8;
  private static final String NODE_LINK = "eth0";
  private static final String HUB_LINK = "hub";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Path directory;
  private final Path namespace;
  private final int index;

  private NodeNetwork(Path directory, int index) {
    this.directory = directory;
    this.namespace = directory.resolve("netns");
    this.index = index;
  }

  /** The namespace of node {@code index} whose directory is {@code directory} (whether or not it exists yet). */
  static NodeNetwork of(Path directory, int index) {
    if (index < 0 || index >= MAX_NODES) {
      throw new IllegalArgumentException("a real-pods cluster has 1 to " + MAX_NODES + " nodes; there is no node " + (index + 1));
    }
    return new NodeNetwork(directory, index);
  }

  /** The node's address: its end of the veth pair to the host. */
  String nodeAddress() {
    return "10.89." + index + ".2";
  }

  String hostAddress() {
    return "10.89." + index + ".1";
  }

  /** The host's end of the node's veth pair. */
  String hostLink() {
    return "harness-veth" + index;
  }

  /** The range of the node's bridge, which host-local hands out to its pods. */
  String podSubnet() {
    return "10.88." + index + ".0/24";
  }

  /** The bridge's own address (host-local's gateway: the subnet's first). */
  String bridgeAddress() {
    return "10.88." + index + ".1";
  }

  private static String marker(Path directory) {
    return "chart-harness " + directory;
  }

  /**
   * Creates the namespace and the veth pair to the host, addresses both ends and adds the host's routes to the
   * node's pods (and, for the first node, to the Service range). Fails, naming the command, when the host already
   * has a link of that name or a route there.
   */
  NodeNetwork create() {
    try {
      Files.createFile(namespace);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + namespace + " for the node's network namespace: " + e.getMessage(), e);
    }
    run("unshare", "--net=" + namespace, "true");
    inside("ip", "link", "set", "lo", "up");
    // Created inside, with its peer moved into this JVM's namespace: that is the host's, whatever PID 1's is.
    inside("ip", "link", "add", NODE_LINK, "type", "veth", "peer", "name", hostLink(), "netns", Long.toString(ProcessHandle.current().pid()));
    inside("ip", "address", "add", nodeAddress() + "/24", "dev", NODE_LINK);
    inside("ip", "link", "set", NODE_LINK, "up");
    // Marked as the node's, so that cleanup removes this link and never a namesake it did not create.
    run("ip", "link", "set", hostLink(), "alias", marker(directory));
    run("ip", "address", "add", hostAddress() + "/24", "dev", hostLink());
    run("ip", "link", "set", hostLink(), "up");
    run("ip", "route", "add", podSubnet(), "via", nodeAddress(), "dev", hostLink());
    if (index == 0) {
      run("ip", "route", "add", SERVICE_RANGE, "via", nodeAddress(), "dev", hostLink());
    }
    return this;
  }

  /**
   * Joins this (a further) node to the first: a veth pair between the two namespaces, {@code 10.90.i.1} in the
   * first's, {@code 10.90.i.2} in this one's, and routes both ways to the node addresses and pod ranges; the first
   * forwards between further nodes.
   */
  void joinTo(NodeNetwork first) {
    String spoke = "node" + index;
    inside("ip", "link", "add", HUB_LINK, "type", "veth", "peer", "name", spoke, "netns", first.namespace.toString());
    String hubAddress = "10.90." + index + ".1";
    String spokeAddress = "10.90." + index + ".2";
    first.inside("ip", "address", "add", hubAddress + "/24", "dev", spoke);
    first.inside("ip", "link", "set", spoke, "up");
    first.inside("sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    first.inside("ip", "route", "add", "10.89." + index + ".0/24", "via", spokeAddress, "dev", spoke);
    first.inside("ip", "route", "add", podSubnet(), "via", spokeAddress, "dev", spoke);
    inside("ip", "address", "add", spokeAddress + "/24", "dev", HUB_LINK);
    inside("ip", "link", "set", HUB_LINK, "up");
    inside("ip", "route", "add", RANGE, "via", hubAddress, "dev", HUB_LINK);
    inside("ip", "route", "add", POD_RANGE, "via", hubAddress, "dev", HUB_LINK);
  }

  /** {@code command} run inside the namespace: nsenter enters it and executes the command (same process, no fork). */
  List<String> enter(List<String> command) {
    List<String> entered = new ArrayList<>(List.of("nsenter", "--net=" + namespace));
    entered.addAll(command);
    return entered;
  }

  Path namespace() {
    return namespace;
  }

  /** Runs a command inside the namespace and returns its output, failing naming the command. */
  String inside(String... command) {
    return HostProcess.command(enter(List.of(command))).withTimeout(COMMAND_TIMEOUT).runOrThrow();
  }

  /**
   * Removes the host's end of the node's veth pair (its peer and the routes over it go with it), adding to
   * {@code problems} what could not be done. The link is found by the mark {@link #create} gave it, so a link the
   * node did not create is left alone. The namespace itself goes when its mount is unmounted (with the others under
   * the node's directory) and its last process is gone.
   */
  static void remove(Path directory, List<String> problems) {
    try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
      for (Path link : links.toList()) {
        Path alias = link.resolve("ifalias");
        String owner;
        try {
          owner = Files.isRegularFile(alias) ? Files.readString(alias).strip() : "";
        } catch (IOException e) {
          owner = "";
        }
        if (owner.equals(marker(directory))) {
          HostProcess.Result result = HostProcess.command("ip", "link", "delete", link.getFileName().toString()).withTimeout(COMMAND_TIMEOUT).run();
          // Gone meanwhile is fine: the kernel removes the pair once the namespace at its other end is gone.
          if (result.exit() != 0 && Files.exists(link)) {
            problems.add("ip link delete " + link.getFileName() + ": " + result.tail());
          }
        }
      }
    } catch (IOException e) {
      problems.add("cannot list /sys/class/net: " + e.getMessage());
    }
  }

  private static void run(String... command) {
    HostProcess.command(command).withTimeout(COMMAND_TIMEOUT).runOrThrow();
  }
}
