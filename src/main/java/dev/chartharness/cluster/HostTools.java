package dev.chartharness.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the local backends do on this machine besides running their components: scripts, waits, temp trees. */
public final class HostTools {

  private HostTools() {
  }

  /** Removes a shutdown hook; when the JVM is already shutting down the hook itself is running, which is fine. */
  public static void removeShutdownHook(Thread hook) {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running: it does the same work.
    }
  }

  /**
   * A directory in the temp directory that a JVM made for something it runs, with the PID its owner file
   * names ({@code -1} when there is no readable owner file).
   */
  public record OwnedDirectory(Path directory, long owner) {
    /** True when the owner file names a process that is still alive. */
    public boolean ownerAlive() {
      return owner > 0 && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  /** The temp directory's directories named {@code prefix*}, each with the PID in its {@code ownerFile}. */
  public static List<OwnedDirectory> tempDirectories(String prefix, String ownerFile) throws IOException {
    try (Stream<Path> candidates = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return candidates.filter(path -> path.getFileName().toString().startsWith(prefix) && Files.isDirectory(path)).sorted()
          .map(directory -> new OwnedDirectory(directory, owner(directory.resolve(ownerFile)))).toList();
    }
  }

  private static long owner(Path ownerFile) {
    try {
      return Long.parseLong(Files.readString(ownerFile).strip());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }


  /** A field of /proc/self/mountinfo with its octal escapes (space, tab, newline, backslash) undone. */
  public static String unescapeMountField(String field) {
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
  }

  /**
   * Removes the cgroup {@code name} (a path relative to each hierarchy's root) from every mounted hierarchy,
   * depth-first; a cgroup still holding processes stays. Returns what could not be removed.
   */
  public static List<String> removeCgroups(String name) {
    List<String> problems = new java.util.ArrayList<>();
    List<Path> roots;
    try {
      roots = cgroupHierarchies().stream().map(hierarchy -> hierarchy.resolve(name)).toList();
    } catch (UncheckedIOException e) {
      problems.add(e.getMessage());
      return problems;
    }
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> tree = Files.walk(root)) {
        for (Path cgroup : tree.filter(Files::isDirectory).sorted(java.util.Comparator.reverseOrder()).toList()) {
          try {
            Files.delete(cgroup);
          } catch (IOException e) {
            problems.add("cannot remove cgroup " + cgroup + ": " + e.getMessage());
          }
        }
      } catch (IOException e) {
        problems.add("cannot walk " + root + ": " + e.getMessage());
      }
    }
    return problems;
  }

  /** Where every cgroup hierarchy (v1 controllers, or the v2 unified one) is mounted, from /proc/self/mountinfo. */
  public static List<Path> cgroupHierarchies() {
    List<Path> hierarchies = new java.util.ArrayList<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] halves = line.split(" - ", 2);
        if (halves.length == 2 && (halves[1].startsWith("cgroup ") || halves[1].startsWith("cgroup2 "))) {
          hierarchies.add(Path.of(unescapeMountField(halves[0].split(" ")[4])));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
    }
    return hierarchies;
  }

  /**
   * Stops every process (but this one) whose command line names {@code text}, such as a cluster's directory with a
   * trailing separator (so that a directory whose name merely starts the same is not matched).
   */
  public static void stopProcessesMentioning(String text) {
    long self = ProcessHandle.current().pid();
    stop(ProcessHandle.allProcesses().filter(process -> process.pid() != self)
        .filter(process -> process.info().commandLine().map(command -> command.contains(text)).orElse(false)).toList());
  }

  /** SIGTERM to all of them at once, then SIGKILL to those still there after five seconds. */
  public static void stop(List<ProcessHandle> processes) {
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

  /** This process's real user id, from /proc/self/status (Linux); empty when the file has no Uid line. */
  public static String uid() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(line -> line.startsWith("Uid:"))
        .findFirst().map(line -> line.split("\\s+")[1]).orElse("");
  }
}
