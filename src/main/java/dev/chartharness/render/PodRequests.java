package dev.chartharness.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/**
 * What pods ask the scheduler for. A pod's requests are counted as Kubernetes counts them: the larger of its containers'
 * sum (sidecars, init containers with {@code restartPolicy: Always}, included) and its largest other init container; a
 * container with limits but no requests requests its limits. {@link #of} counts the pods an install of the release
 * creates: each workload's replicas (a Job's parallelism) times its template, hooks included, test hooks not (they run
 * only under {@code helm test}).
 *
 * @param pods how many pods
 * @param milliCpu their CPU requests in millicores
 * @param memoryBytes their memory requests in bytes
 */
public record PodRequests(long pods, long milliCpu, long memoryBytes) {

  public static final PodRequests NONE = new PodRequests(0, 0, 0);

  /** The pods an install of {@code release} creates and what they request. */
  public static PodRequests of(RenderedRelease release) {
    PodRequests total = NONE;
    for (Workload workload : release.workloads()) {
      if (workload.object().hook().map(hook -> hook.contains("test")).orElse(false)) {
        continue;
      }
      total = total.plus(pod(workload.template().getSpec()).times(workload.replicas()));
    }
    return total;
  }

  /** One pod of this spec. */
  static PodRequests pod(PodSpec spec) {
    long cpu = 0;
    long memory = 0;
    long initCpu = 0;
    long initMemory = 0;
    for (Container container : Optional.ofNullable(spec.getInitContainers()).orElse(List.of())) {
      if ("Always".equals(container.getRestartPolicy())) {
        cpu += request(container, "cpu", 1000);
        memory += request(container, "memory", 1);
      } else {
        initCpu = Math.max(initCpu, request(container, "cpu", 1000));
        initMemory = Math.max(initMemory, request(container, "memory", 1));
      }
    }
    for (Container container : Optional.ofNullable(spec.getContainers()).orElse(List.of())) {
      cpu += request(container, "cpu", 1000);
      memory += request(container, "memory", 1);
    }
    return new PodRequests(1, Math.max(cpu, initCpu), Math.max(memory, initMemory));
  }

  /** The container's request of {@code resource} (else its limit, else nothing) in base units times {@code scale}. */
  private static long request(Container container, String resource, int scale) {
    ResourceRequirements resources = container.getResources();
    if (resources == null) {
      return 0;
    }
    Quantity quantity = Optional.ofNullable(resources.getRequests()).map(requests -> requests.get(resource))
        .or(() -> Optional.ofNullable(resources.getLimits()).map(limits -> limits.get(resource))).orElse(null);
    if (quantity == null) {
      return 0;
    }
    BigDecimal amount = Quantity.getAmountInBytes(quantity).multiply(BigDecimal.valueOf(scale));
    return amount.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  public PodRequests plus(PodRequests other) {
    return new PodRequests(pods + other.pods, milliCpu + other.milliCpu, memoryBytes + other.memoryBytes);
  }

  /** {@code copies} times these pods. */
  public PodRequests times(int copies) {
    return new PodRequests(pods * copies, milliCpu * copies, memoryBytes * copies);
  }

  @Override
  public String toString() {
    return pods + " pods, " + milliCpu + "m CPU, " + (memoryBytes >> 20) + " MiB";
  }
}
