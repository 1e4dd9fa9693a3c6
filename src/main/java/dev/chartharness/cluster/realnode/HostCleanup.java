package dev.chartharness.cluster.realnode;

import dev.chartharness.cluster.HostTools;

import dev.chartharness.base.HostProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes what a real node leaves on the host once its processes are gone: containers runc still knows, stray
 * shims, mounts under the node's directory (its network namespace with the bridge, the pods' links and every
 * iptables rule inside it), the host's end of its veth pair, its cgroups, and the kernel settings the kubelet
 * changed. It touches nothing the node did not create: no host-wide chain, link or cgroup is matched by name
 * pattern. Every step tolerates what is already gone, so it also cleans up after a JVM that was killed.
 */
final class HostCleanup {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private HostCleanup() {
  }

  /**
   * Everything, in the order that works: containers, shims, mounts (the network namespace's among them, which
   * removes it), the host's end of the node's veth, the node's cgroups, the kernel settings the kubelet changed.
   * Returns what it could not do.
   */
  static List<String> all(Path directory, Path runc) {
    List<String> problems = new ArrayList<>();
    removeContainers(runc, directory.resolve("containerd/runc/k8s.io"), problems);
    // Shims (and anything else) whose command line names the node's directory: their sockets live there.
    HostTools.stopProcessesMentioning(directory + java.io.File.separator);
    unmountUnder(directory, problems);
    NodeNetwork.remove(directory, problems);
    problems.addAll(NodeCgroups.remove(directory));
    KernelSettings.restore(directory, problems);
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
            .ifPresent(process -> HostTools.stop(List.of(process)));
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
}
