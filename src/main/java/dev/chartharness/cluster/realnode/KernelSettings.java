package dev.chartharness.cluster.realnode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-wide kernel settings a kubelet changes when it starts (it sets them to what it expects unless
 * {@code protectKernelDefaults}, which would instead refuse to start on most machines). They cannot be confined to
 * the node's network namespace, so their values are recorded in the node's directory before the kubelet starts
 * and written back when the node is removed, also by the cleanup after a killed JVM.
 */
final class KernelSettings {

  /** What kubelet's setupKernelTunables sets (pkg/kubelet/cm/container_manager_linux.go). */
  static final List<String> KUBELET_SETS = List.of("vm/overcommit_memory", "vm/panic_on_oom", "kernel/panic", "kernel/panic_on_oops",
      "kernel/keys/root_maxkeys", "kernel/keys/root_maxbytes");
  private static final String FILE = "kernel-settings.before";
  private static final Path SYSCTLS = Path.of("/proc/sys");

  private KernelSettings() {
  }

  /** Records the current values in the node's directory (once: a second call keeps the first record). */
  static void record(Path directory) {
    Path record = directory.resolve(FILE);
    if (Files.exists(record)) {
      return;
    }
    StringBuilder text = new StringBuilder();
    current(SYSCTLS).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    try {
      Files.writeString(record, text);
    } catch (IOException e) {
      throw new IllegalStateException("cannot record the kernel settings in " + record + ": " + e.getMessage(), e);
    }
  }

  /** Writes back every recorded value that differs now; adds to {@code problems} what could not be written. */
  static void restore(Path directory, List<String> problems) {
    restore(directory.resolve(FILE), SYSCTLS, problems);
  }

  static void restore(Path record, Path sysctls, List<String> problems) {
    if (!Files.isRegularFile(record)) {
      return;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(record);
    } catch (IOException e) {
      problems.add("cannot read " + record + ": " + e.getMessage());
      return;
    }
    Map<String, String> now = current(sysctls);
    for (String line : lines) {
      int equals = line.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String key = line.substring(0, equals);
      String value = line.substring(equals + 1);
      if (KUBELET_SETS.contains(key) && !value.equals(now.get(key))) {
        try {
          Files.writeString(sysctls.resolve(key), value);
        } catch (IOException e) {
          problems.add("cannot restore " + key.replace('/', '.') + " to " + value + ": " + e.getMessage());
        }
      }
    }
  }

  static Map<String, String> current(Path sysctls) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : KUBELET_SETS) {
      try {
        values.put(key, Files.readString(sysctls.resolve(key)).strip());
      } catch (IOException e) {
        // Not on this kernel: the kubelet cannot set it either.
      }
    }
    return values;
  }
}
