package dev.chartharness.cluster.realnode;

import dev.chartharness.base.HostProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real node's own network namespace, so that nothing it does touches the host's network: its bridge, the pods'
 * veths, kube-proxy's and the CNI plugins' iptables rules, its sysctls and every socket the control plane, the
 * kubelet and containerd listen on live inside it. The namespace is a bind mount of a file in the node's directory
 * (not {@code /run/netns}), so unmounting it, which the node's cleanup does to every mount below its directory, is
 * what removes it, with everything in it.
 *
 * <p>The host reaches it through one veth pair in the harness's own range {@link #RANGE}: {@link #HOST_ADDRESS} on
 * the host's end ({@link #HOST_LINK}), {@link #NODE_ADDRESS} on the node's; the only host state is that link and the
 * routes over it to the Service range and the pod range, all of which go with the link. There is no default route
 * in the namespace and the host forwards nothing: pods reach nothing beyond the cluster.
 */
final class NodeNetwork {

  /** The harness's veth range; a second node would take the next /24. */
  static final String RANGE = "10.89.0.0/16";
  static final String HOST_ADDRESS = "10.89.0.1";
  static final String NODE_ADDRESS = "10.89.0.2";
  static final String HOST_LINK = "harness-veth0";
  /** The Service range of the control plane (kube-apiserver's default), routed to the node for LoadBalancer addresses. */
  static final String SERVICE_RANGE = "10.0.0.0/24";
  private static final String NODE_LINK = "eth0";
  private static final int PREFIX = 24;
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Path directory;
  private final Path namespace;

  private NodeNetwork(Path directory) {
    this.directory = directory;
    this.namespace = directory.resolve("netns");
  }

  /** The namespace of the node whose directory is {@code directory} (whether or not it exists yet). */
  static NodeNetwork of(Path directory) {
    return new NodeNetwork(directory);
  }

  private static String marker(Path directory) {
    return "chart-harness " + directory;
  }

  /**
   * Creates the namespace and the veth pair, addresses both ends and adds the host's routes to the pod range and
   * the Service range. Fails, naming the command, when the host already has {@link #HOST_LINK} or a route there.
   */
  NodeNetwork create(String podRange) {
    try {
      Files.createFile(namespace);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + namespace + " for the node's network namespace: " + e.getMessage(), e);
    }
    run("unshare", "--net=" + namespace, "true");
    inside("ip", "link", "set", "lo", "up");
    // Created inside, with its peer moved into this JVM's namespace: that is the host's, whatever PID 1's is.
    inside("ip", "link", "add", NODE_LINK, "type", "veth", "peer", "name", HOST_LINK, "netns", Long.toString(ProcessHandle.current().pid()));
    inside("ip", "address", "add", NODE_ADDRESS + "/" + PREFIX, "dev", NODE_LINK);
    inside("ip", "link", "set", NODE_LINK, "up");
    // Marked as the node's, so that cleanup removes this link and never a namesake it did not create.
    run("ip", "link", "set", HOST_LINK, "alias", marker(directory));
    run("ip", "address", "add", HOST_ADDRESS + "/" + PREFIX, "dev", HOST_LINK);
    run("ip", "link", "set", HOST_LINK, "up");
    run("ip", "route", "add", podRange, "via", NODE_ADDRESS, "dev", HOST_LINK);
    run("ip", "route", "add", SERVICE_RANGE, "via", NODE_ADDRESS, "dev", HOST_LINK);
    return this;
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
   * Removes the host's end of the veth pair (its peer and the routes over it go with it), adding to {@code problems}
   * what could not be done; a link of that name the node did not create is left alone. The namespace itself goes when
   * its mount is unmounted (with the others under the node's directory) and its last process is gone.
   */
  static void remove(Path directory, List<String> problems) {
    Path alias = Path.of("/sys/class/net", HOST_LINK, "ifalias");
    String owner;
    try {
      owner = Files.isRegularFile(alias) ? Files.readString(alias).strip() : "";
    } catch (IOException e) {
      owner = "";
    }
    if (owner.equals(marker(directory))) {
      HostProcess.Result result = HostProcess.command("ip", "link", "delete", HOST_LINK).withTimeout(COMMAND_TIMEOUT).run();
      if (result.exit() != 0) {
        problems.add("ip link delete " + HOST_LINK + ": " + result.tail());
      }
    }
  }

  private static void run(String... command) {
    HostProcess.command(command).withTimeout(COMMAND_TIMEOUT).runOrThrow();
  }
}
