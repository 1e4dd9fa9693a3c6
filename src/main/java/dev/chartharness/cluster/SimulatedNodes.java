package dev.chartharness.cluster;

import java.io.IOException;
import java.util.Map;

/**
 * The fake nodes KWOK runs in the local control plane ({@code kwok/node.yaml}): {@link #CPU_MILLIS} CPU,
 * {@link #MEMORY_BYTES} and {@link #PODS} pods each, zones {@code local-a/b/c} in turn, {@link #DEFAULT} unless a
 * workload needs more. {@link #needed} sizes a cluster from what its pods request.
 */
public final class SimulatedNodes {

  /** The nodes a local control plane has unless told otherwise. */
  public static final int DEFAULT = 3;
  /** Node {@code i} has pod range {@code 10.244.i.0/24} and address {@code 192.0.2.(10+i)}: room for 245. */
  public static final int MAX = 245;
  public static final long CPU_MILLIS = 32_000;
  public static final long MEMORY_BYTES = 256L << 30;
  public static final int PODS = 110;
  /** No node is planned beyond this share of any resource: room for hook pods, rolling-update surges and the scheduler's spreading. */
  public static final double FILL = 0.8;

  private static final String TEMPLATE = "/dev/chartharness/cluster/kwok/node.yaml";

  private SimulatedNodes() {
  }

  /**
   * How many nodes pods with these requests in total need: {@link #DEFAULT} at least, and enough that none of pods,
   * CPU and memory goes beyond {@link #FILL} of what the nodes hold; fails when even {@link #MAX} nodes are too few.
   */
  public static int needed(long pods, long milliCpu, long memoryBytes) {
    if (pods < 0 || milliCpu < 0 || memoryBytes < 0) {
      throw new IllegalArgumentException("requests cannot be negative: " + pods + " pods, " + milliCpu + "m CPU, " + memoryBytes + " bytes");
    }
    long nodes = Math.max(DEFAULT, Math.max(share(pods, PODS), Math.max(share(milliCpu, CPU_MILLIS), share(memoryBytes, MEMORY_BYTES))));
    if (nodes > MAX) {
      throw new IllegalArgumentException(pods + " pods requesting " + milliCpu + "m CPU and " + (memoryBytes >> 20) + " MiB need "
          + nodes + " simulated nodes; a local control plane has at most " + MAX);
    }
    return (int) nodes;
  }

  private static long share(long demand, long perNode) {
    return (long) Math.ceil(demand / (perNode * FILL));
  }

  /** The Node objects {@code kwok-node-0} to {@code kwok-node-(count-1)}, as one YAML stream. */
  static String objects(int count) throws IOException {
    if (count < 1 || count > MAX) {
      throw new IllegalArgumentException("a local control plane has 1 to " + MAX + " simulated nodes, not " + count);
    }
    String template = Templates.resource(TEMPLATE);
    StringBuilder objects = new StringBuilder();
    for (int i = 0; i < count; i++) {
      objects.append("---\n").append(Templates.fill("node.yaml", template, Map.of("INDEX", String.valueOf(i),
          "ZONE", String.valueOf((char) ('a' + i % 3)), "ADDRESS", String.valueOf(10 + i), "CPU", String.valueOf(CPU_MILLIS / 1000),
          "MEMORY", (MEMORY_BYTES >> 30) + "Gi", "PODS", String.valueOf(PODS))));
    }
    return objects.toString();
  }
}
