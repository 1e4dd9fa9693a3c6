package dev.chartharness.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the API server's process holds in memory. On the local control plane: {@code VmRSS} and its peak {@code VmHWM} from
 * {@code /proc/<pid>/status} of its kube-apiserver. Elsewhere: {@code process_resident_memory_bytes} from the API server's
 * {@code /metrics} where the kubeconfig may read it (one API server of perhaps several; no peak).
 *
 * @param residentBytes the resident set now
 * @param peakBytes the largest resident set since the process started, where known
 * @param source where the figure comes from, for the reader
 */
public record ApiServerMemory(long residentBytes, OptionalLong peakBytes, String source) {

  private static final String METRIC = "process_resident_memory_bytes";

  /** The cluster's API server memory, or empty where neither its process nor its metrics can be read. */
  public static Optional<ApiServerMemory> of(EphemeralCluster cluster) {
    if (cluster instanceof LocalControlPlaneCluster local) {
      return local.apiServerPid().flatMap(pid -> {
        try {
          return fromProcStatus(Files.readString(Path.of("/proc", String.valueOf(pid), "status")), "/proc/" + pid + "/status");
        } catch (IOException gone) {
          return Optional.empty();
        }
      });
    }
    try {
      String metrics = cluster.client().raw("/metrics");
      return metrics == null ? Optional.empty() : fromMetrics(metrics);
    } catch (RuntimeException forbidden) {
      return Optional.empty();
    }
  }

  /** {@code VmRSS} and {@code VmHWM} (in kB) of a {@code /proc/<pid>/status} text. */
  static Optional<ApiServerMemory> fromProcStatus(String status, String source) {
    OptionalLong resident = OptionalLong.empty();
    OptionalLong peak = OptionalLong.empty();
    for (String line : status.split("\n")) {
      if (line.startsWith("VmRSS:")) {
        resident = kilobytes(line);
      } else if (line.startsWith("VmHWM:")) {
        peak = kilobytes(line);
      }
    }
    return resident.isPresent() ? Optional.of(new ApiServerMemory(resident.getAsLong(), peak, source)) : Optional.empty();
  }

  private static OptionalLong kilobytes(String line) {
    String[] fields = line.substring(line.indexOf(':') + 1).strip().split("\\s+");
    try {
      return OptionalLong.of(Long.parseLong(fields[0]) * 1024);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** {@code process_resident_memory_bytes} of a Prometheus text exposition ({@code 2.61788672e+08}). */
  static Optional<ApiServerMemory> fromMetrics(String metrics) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(METRIC + " ")) {
        try {
          return Optional.of(new ApiServerMemory((long) Double.parseDouble(line.substring(METRIC.length()).strip()), OptionalLong.empty(),
              "/metrics " + METRIC));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** {@code 262 MiB}, with {@code (peak 280 MiB)} where known. */
  public String describe() {
    return (residentBytes >> 20) + " MiB" + (peakBytes.isPresent() ? " (peak " + (peakBytes.getAsLong() >> 20) + " MiB)" : "");
  }
}
