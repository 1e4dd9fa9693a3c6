package dev.chartharness.cluster.realnode;

import dev.chartharness.cluster.HostTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real node's cgroups, under a parent of its own in every mounted hierarchy: {@code /<name>/node} holds
 * containerd, the kubelet and kube-proxy (and the shims containerd starts), and the kubelet puts the pods under
 * {@code /<name>/kubepods} ({@code cgroupRoot}). Nothing else on the host is touched, so a kubelet or k3s already
 * running on the machine keeps its own {@code kubepods}. The name is the node directory's, so cleanup after a killed
 * JVM finds it.
 */
final class NodeCgroups {

  private static final String NODE = "node";
  private final String name;

  private NodeCgroups(String name) {
    this.name = name;
  }

  static NodeCgroups of(Path directory) {
    return new NodeCgroups(directory.getFileName().toString());
  }

  /** The kubelet's {@code cgroupRoot}. */
  String root() {
    return "/" + name;
  }

  /**
   * Creates {@code /<name>} and {@code /<name>/node} in every hierarchy. cgroup v1's cpuset starts empty and takes
   * no process until its CPUs and memory nodes are set: they are copied from the parent. On cgroup v2 every controller
   * the parent offers is enabled for the children.
   */
  NodeCgroups create() {
    for (Path hierarchy : HostTools.cgroupHierarchies()) {
      Path root = hierarchy.resolve(name);
      Path node = root.resolve(NODE);
      try {
        Files.createDirectories(node);
        for (Path cgroup : List.of(root, node)) {
          copyFromParent(cgroup, "cpuset.cpus");
          copyFromParent(cgroup, "cpuset.mems");
        }
        Path controllers = root.resolve("cgroup.controllers");
        if (Files.isRegularFile(controllers)) {
          StringBuilder enable = new StringBuilder();
          for (String controller : Files.readString(controllers).strip().split("\\s+")) {
            if (!controller.isEmpty()) {
              enable.append(enable.isEmpty() ? "" : " ").append('+').append(controller);
            }
          }
          if (!enable.isEmpty()) {
            Files.writeString(root.resolve("cgroup.subtree_control"), enable.toString());
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot create the node's cgroup " + root + ": " + e.getMessage(), e);
      }
    }
    return this;
  }

  private static void copyFromParent(Path cgroup, String file) throws IOException {
    Path own = cgroup.resolve(file);
    if (Files.isRegularFile(own) && Files.readString(own).isBlank()) {
      Files.writeString(own, Files.readString(cgroup.getParent().resolve(file)).strip());
    }
  }

  /** Moves a process (before it starts children, which then follow it) into {@code /<name>/node} of every hierarchy. */
  void adopt(long pid) {
    for (Path hierarchy : HostTools.cgroupHierarchies()) {
      Path procs = hierarchy.resolve(name).resolve(NODE).resolve("cgroup.procs");
      try {
        Files.writeString(procs, Long.toString(pid));
      } catch (IOException e) {
        throw new IllegalStateException("cannot move process " + pid + " into " + procs + ": " + e.getMessage(), e);
      }
    }
  }

  /** Removes {@code /<name>} with everything under it; returns the cgroups that could not be removed (still in use). */
  static List<String> remove(Path directory) {
    return new ArrayList<>(HostTools.removeCgroups(directory.getFileName().toString()));
  }
}
