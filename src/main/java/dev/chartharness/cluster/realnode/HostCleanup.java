package dev.chartharness.cluster.realnode;

import dev.chartharness.cluster.HostTools;

import dev.chartharness.base.HostProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Removes what a real node leaves on the host once its processes are gone: containers runc still knows,
 * stray shims, mounts under the node's directory, the CNI bridge, the iptables chains of kubelet,
 * kube-proxy and the CNI plugins (IPv4 and IPv6), the harness's FORWARD rules and the pod cgroups.
 * Every step tolerates what is already gone, so it also cleans up after a JVM that was killed.
 */
final class HostCleanup {

  /** Comment on the harness's own iptables rules. */
  static final String RULE_COMMENT = "chart-harness";
  private static final List<String> CHAIN_PREFIXES = List.of("KUBE-", "CNI-");
  private static final Set<String> BUILTIN_CHAINS = Set.of("INPUT", "OUTPUT", "FORWARD", "PREROUTING", "POSTROUTING");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private HostCleanup() {
  }

  /** Everything, in the order that works: containers, shims, mounts, network, cgroups. Returns what it could not do. */
  static List<String> all(Path directory, Path runc, String bridge) {
    List<String> problems = new ArrayList<>();
    removeContainers(runc, directory.resolve("containerd/runc/k8s.io"), problems);
    stopProcessesMentioning(directory.toString(), problems);
    unmountUnder(directory, problems);
    removeLink(bridge, problems);
    removeIptablesState(problems);
    problems.addAll(HostTools.removeCgroups("kubepods"));
    return problems;
  }

  /** Stops the processes a node directory's PID file lists, if they are still that node's. */
  static void stopRecordedProcesses(Path pids, String mustMention) {
    if (!Files.isRegularFile(pids)) {
      return;
    }
    try {
      for (String line : Files.readAllLines(pids)) {
        String[] fields = line.strip().split(" ", 2);
        if (fields[0].isEmpty()) {
          continue;
        }
        ProcessHandle.of(Long.parseLong(fields[0]))
            .filter(process -> process.info().commandLine().map(command -> command.contains(mustMention)).orElse(false))
            .ifPresent(process -> kill(List.of(process)));
      }
    } catch (IOException | NumberFormatException ignored) {
      // A damaged PID file: the other steps still remove what they can find.
    }
  }

  /** Containers runc still runs under the node's runc root (after containerd is gone), killed and deleted. */
  private static void removeContainers(Path runc, Path root, List<String> problems) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> containers = Files.list(root)) {
      for (Path container : containers.filter(Files::isDirectory).toList()) {
        HostProcess.Result result = HostProcess.command(List.of(runc.toString(), "--root", root.toString(), "delete", "--force",
            container.getFileName().toString())).withTimeout(COMMAND_TIMEOUT).run();
        if (result.exit() != 0 && Files.isDirectory(container)) {
          problems.add("runc delete " + container.getFileName() + ": " + result.tail());
        }
      }
    } catch (IOException e) {
      problems.add("cannot list " + root + ": " + e.getMessage());
    }
  }

  /** Shims (and anything else) whose command line names the node's directory: their sockets live there. */
  private static void stopProcessesMentioning(String directory, List<String> problems) {
    long self = ProcessHandle.current().pid();
    kill(ProcessHandle.allProcesses()
        .filter(process -> process.pid() != self)
        .filter(process -> process.info().commandLine().map(command -> command.contains(directory)).orElse(false))
        .toList());
  }

  /** SIGTERM to all of them at once, then SIGKILL to those still there after five seconds. */
  private static void kill(List<ProcessHandle> processes) {
    processes.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    for (ProcessHandle process : processes) {
      try {
        process.onExit().get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
      } catch (Exception notYet) {
        process.destroyForcibly();
      }
    }
  }

  /** Every mount point below the directory (pod volumes, overlay roots, network namespaces, the kubelet's own), deepest first. */
  static List<String> mountsUnder(Path directory) {
    String prefix = directory.toAbsolutePath().normalize() + "/";
    List<String> mounts = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] fields = line.split(" ");
        if (fields.length > 4) {
          String mountPoint = HostTools.unescapeMountField(fields[4]);
          if ((mountPoint + "/").startsWith(prefix)) {
            mounts.add(mountPoint);
          }
        }
      }
    } catch (IOException e) {
      return mounts;
    }
    mounts.sort(Comparator.comparingInt(String::length).reversed());
    return mounts;
  }

  private static void unmountUnder(Path directory, List<String> problems) {
    for (int round = 0; round < 3; round++) {
      List<String> mounts = mountsUnder(directory);
      if (mounts.isEmpty()) {
        return;
      }
      for (String mount : mounts) {
        if (HostProcess.command(List.of("umount", mount)).withTimeout(COMMAND_TIMEOUT).run().exit() != 0) {
          HostProcess.command(List.of("umount", "--lazy", mount)).withTimeout(COMMAND_TIMEOUT).run();
        }
      }
    }
    List<String> left = mountsUnder(directory);
    if (!left.isEmpty()) {
      problems.add("still mounted: " + left);
    }
  }

  /** /proc/self/mountinfo escapes space, tab, newline and backslash as octal. */

  private static void removeLink(String bridge, List<String> problems) {
    if (Files.exists(Path.of("/sys/class/net", bridge))) {
      HostProcess.Result result = HostProcess.command(List.of("ip", "link", "delete", bridge)).withTimeout(COMMAND_TIMEOUT).run();
      if (result.exit() != 0) {
        problems.add("ip link delete " + bridge + ": " + result.tail());
      }
    }
  }

  /** KUBE-* and CNI-* chains and the rules that jump to them, and the harness's own rules, in every table and family. */
  private static void removeIptablesState(List<String> problems) {
    for (String family : List.of("iptables", "ip6tables", "iptables-legacy", "ip6tables-legacy")) {
      for (String table : List.of("filter", "nat", "mangle")) {
        HostProcess.Result saved = HostProcess.command(List.of(family + "-save", "-t", table)).withTimeout(COMMAND_TIMEOUT).run();
        if (saved.exit() != 0) {
          continue;
        }
        String script = iptablesCleanupScript(table, saved.output());
        if (script.isEmpty()) {
          continue;
        }
        HostProcess.Result restored = HostProcess.command(List.of(family + "-restore", "-w", "--noflush")).withInput(script).withTimeout(COMMAND_TIMEOUT).run();
        if (restored.exit() != 0) {
          problems.add(family + "-restore (" + table + "): " + restored.tail());
        }
      }
    }
  }

  /**
   * The {@code iptables-restore --noflush} input that removes the node's state from one table as
   * {@code iptables-save} printed it, or "" when there is none: rules in other chains that jump to a
   * node chain or carry the harness's comment are deleted, then the node chains are flushed and deleted.
   */
  static String iptablesCleanupScript(String table, String saved) {
    Set<String> chains = new LinkedHashSet<>();
    List<String> deletes = new ArrayList<>();
    for (String line : saved.split("\n")) {
      if (line.startsWith(":")) {
        String chain = line.substring(1).split(" ")[0];
        if (isNodeChain(chain)) {
          chains.add(chain);
        }
      }
    }
    for (String line : saved.split("\n")) {
      if (!line.startsWith("-A ")) {
        continue;
      }
      String chain = line.split(" ")[1];
      if (chains.contains(chain)) {
        continue;
      }
      boolean jumpsToNodeChain = chains.stream().anyMatch(target -> line.endsWith(" -j " + target) || line.contains(" -j " + target + " ")
          || line.endsWith(" -g " + target) || line.contains(" -g " + target + " "));
      boolean harnessRule = line.contains("--comment " + RULE_COMMENT + " ") || line.contains("--comment \"" + RULE_COMMENT);
      if (jumpsToNodeChain || harnessRule) {
        deletes.add("-D" + line.substring(2));
      }
    }
    if (chains.isEmpty() && deletes.isEmpty()) {
      return "";
    }
    StringBuilder script = new StringBuilder("*").append(table).append('\n');
    deletes.forEach(line -> script.append(line).append('\n'));
    chains.forEach(chain -> script.append("-F ").append(chain).append('\n'));
    chains.forEach(chain -> script.append("-X ").append(chain).append('\n'));
    return script.append("COMMIT\n").toString();
  }

  private static boolean isNodeChain(String chain) {
    return !BUILTIN_CHAINS.contains(chain) && CHAIN_PREFIXES.stream().anyMatch(chain::startsWith);
  }
}
