package dev.chartharness.cluster.realnode;

import dev.chartharness.base.HostProcess;
import dev.chartharness.cluster.HostTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A listing of the host state a real node must leave as it found it: network links, routes, iptables rules (every
 * table, IPv4 and IPv6, nft and legacy; counters left out), cgroups, mounts, the harness's kind of processes and the
 * kernel settings a kubelet changes. Two listings are compared with {@link #changesSince}. Docker's own state (containers of an
 * earlier test's k3s cluster, which come and go on their own) and a k3s cluster's cgroups are left out: they belong
 * to other runs.
 */
public record HostState(Map<String, Set<String>> listing) {

  private static final List<String> IPTABLES = List.of("iptables", "ip6tables", "iptables-legacy", "ip6tables-legacy");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  public static HostState capture() {
    Map<String, Set<String>> listing = new LinkedHashMap<>();
    listing.put("links", links());
    listing.put("routes", lines(List.of("ip", "route", "show", "table", "all"), List.of("ip", "-6", "route", "show", "table", "all")));
    listing.put("iptables rules", iptables());
    listing.put("cgroups", cgroups());
    listing.put("mounts", mounts());
    listing.put("processes", processes());
    listing.put("kernel settings", kernelSettings());
    return new HostState(listing);
  }

  /**
   * What differs in {@code after}, category by category: {@code + line} for what is new, {@code - line} for what
   * is gone. Processes that ended on their own are not a difference (only new ones are); a process that appeared
   * and is gone two seconds later (a probe, a shell) is not one either.
   */
  public List<String> changesSince(HostState after) {
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, Set<String>> category : listing.entrySet()) {
      Set<String> then = category.getValue();
      Set<String> now = after.listing.get(category.getKey());
      for (String line : now) {
        if (!then.contains(line) && !(category.getKey().equals("processes") && endsSoon(line))) {
          changes.add(category.getKey() + ": + " + line);
        }
      }
      if (!category.getKey().equals("processes")) {
        then.stream().filter(line -> !now.contains(line)).forEach(line -> changes.add(category.getKey() + ": - " + line));
      }
    }
    return changes;
  }

  private static boolean endsSoon(String process) {
    long pid = Long.parseLong(process.substring(0, process.indexOf(' ')));
    return ProcessHandle.of(pid).map(handle -> {
      try {
        handle.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
        return true;
      } catch (Exception stillThere) {
        return false;
      }
    }).orElse(true);
  }

  private static Set<String> links() {
    try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
      return links.map(link -> link.getFileName().toString()).filter(link -> !link.startsWith("veth")).collect(TreeSet::new, Set::add, Set::addAll);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Set<String> iptables() {
    Set<String> rules = new TreeSet<>();
    for (String family : IPTABLES) {
      HostProcess.Result saved = HostProcess.command(family + "-save").withTimeout(COMMAND_TIMEOUT).run();
      if (!saved.succeeded()) {
        continue;
      }
      String table = "";
      for (String line : saved.output().split("\n")) {
        if (line.startsWith("*")) {
          table = line.substring(1);
        } else if (!line.startsWith("#") && !line.isBlank() && !line.equals("COMMIT")) {
          rules.add(family + " " + table + " " + line.replaceAll(" \\[\\d+:\\d+]$", ""));
        }
      }
    }
    return rules;
  }

  private static Set<String> cgroups() {
    Set<String> cgroups = new TreeSet<>();
    for (Path hierarchy : HostTools.cgroupHierarchies()) {
      try (Stream<Path> tree = Files.walk(hierarchy, 4)) {
        tree.filter(Files::isDirectory).map(hierarchy::relativize).map(Path::toString)
            .filter(cgroup -> !cgroup.contains("docker") && !cgroup.startsWith("chart-harness-k3s-"))
            .forEach(cgroup -> cgroups.add(hierarchy.getFileName() + ":/" + cgroup));
      } catch (IOException | UncheckedIOException e) {
        // A cgroup removed while walking: the listing after will show whether it is gone.
      }
    }
    return cgroups;
  }

  private static Set<String> mounts() {
    Set<String> mounts = new TreeSet<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] halves = line.split(" - ", 2);
        String mountPoint = HostTools.unescapeMountField(halves[0].split(" ")[4]);
        if (!mountPoint.startsWith("/var/lib/docker/") && !mountPoint.startsWith("/run/docker/")) {
          mounts.add(mountPoint + " " + halves[1].split(" ")[0]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return mounts;
  }

  /**
   * The harness's kind of process: its command line or its cgroups name chart-harness (the cache's binaries, a node's
   * or a control plane's directory, containers in a node's cgroups). What else runs on a developer's machine comes and
   * goes on its own; a k3s cluster's (in Docker) belongs to another run.
   */
  private static Set<String> processes() {
    Set<String> processes = new TreeSet<>();
    ProcessHandle.allProcesses().filter(process -> process.pid() != ProcessHandle.current().pid()).forEach(process -> {
      String command = process.info().commandLine().orElse("");
      String cgroups = cgroups(process.pid());
      boolean harness = command.contains("chart-harness") || cgroups.contains("chart-harness");
      if (harness && !cgroups.contains("docker") && !cgroups.contains("chart-harness-k3s-")) {
        processes.add(process.pid() + " " + command);
      }
    });
    return processes;
  }

  private static String cgroups(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "cgroup"));
    } catch (IOException e) {
      return "";
    }
  }

  private static Set<String> kernelSettings() {
    Set<String> settings = new TreeSet<>();
    KernelSettings.current(Path.of("/proc/sys")).forEach((key, value) -> settings.add(key + "=" + value));
    return settings;
  }

  @SafeVarargs
  private static Set<String> lines(List<String>... commands) {
    Set<String> lines = new TreeSet<>();
    for (List<String> command : commands) {
      HostProcess.Result result = HostProcess.command(command).withTimeout(COMMAND_TIMEOUT).run();
      for (String line : result.output().split("\n")) {
        if (!line.isBlank()) {
          lines.add(String.join(" ", command.subList(0, 2)) + ": " + line.strip());
        }
      }
    }
    return lines;
  }

  /** A listening TCP socket. */
  public record Listener(InetAddress address, int port) {
    @Override
    public String toString() {
      return (address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress()) + ":" + port;
    }
  }

  /** The TCP sockets listening in this process's network namespace ({@code /proc/net/tcp} and {@code tcp6}). */
  public static Set<Listener> listening() {
    Set<Listener> sockets = new java.util.LinkedHashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      try {
        sockets.addAll(listeners(Files.readString(Path.of(table))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sockets;
  }

  /** The same inside another network namespace: {@code enter} is the command prefix that enters it. */
  public static Set<Listener> listening(List<String> enter) {
    Set<Listener> sockets = new java.util.LinkedHashSet<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> command = new ArrayList<>(enter);
      command.addAll(List.of("cat", table));
      sockets.addAll(listeners(HostProcess.command(command).withTimeout(COMMAND_TIMEOUT).runOrThrow()));
    }
    return sockets;
  }

  /** The LISTEN (state 0A) lines of a {@code /proc/net/tcp} or {@code tcp6} table. */
  static List<Listener> listeners(String table) {
    List<Listener> listeners = new ArrayList<>();
    for (String line : table.split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length > 3 && "0A".equals(fields[3])) {
        String[] local = fields[1].split(":");
        listeners.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
      }
    }
    return listeners;
  }

  /** The kernel prints each 32-bit word of the address in host (little-endian) byte order. */
  private static InetAddress address(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(word * 8 + (3 - b) * 2, word * 8 + (3 - b) * 2 + 2), 16);
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + hex, e);
    }
  }
}
