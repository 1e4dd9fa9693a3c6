package dev.chartharness.cluster;

import dev.chartharness.install.InstalledRelease;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.chartharness.cluster.realnode.RealPodsCluster;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a person needs when a check fails: the namespace's events by time, every pod's phase,
 * conditions and container states, container logs where pods are real, claims, and Helm's status.
 */
public final class Diagnostics {

  private static final int LOG_LINES = 40;
  private final EphemeralCluster cluster;

  private Diagnostics(EphemeralCluster cluster) {
    this.cluster = cluster;
  }

  public static Diagnostics of(EphemeralCluster cluster) {
    return new Diagnostics(cluster);
  }

  /** The namespace's state as text; a part that cannot be read says so instead of failing. */
  public String describe(String namespace) {
    StringBuilder out = new StringBuilder("---- diagnostics for namespace ").append(namespace).append(" (").append(cluster.capabilities()).append(") ----\n");
    KubernetesClient client;
    try {
      client = cluster.client();
    } catch (RuntimeException e) {
      return out.append("cluster unreachable: ").append(e.getMessage()).append('\n').toString();
    }
    section(out, "events (oldest first)", () -> events(client, namespace));
    section(out, "pods", () -> pods(client, namespace));
    section(out, "persistent volume claims", () -> claims(client, namespace));
    if (cluster.capabilities().runsRealPods()) {
      section(out, "container logs (last " + LOG_LINES + " lines)", () -> logs(client, namespace));
    }
    if (cluster instanceof RealPodsCluster real) {
      // What the pods' events cannot say: image imports, CNI, cgroup and runtime errors.
      section(out, "node components (containerd, kubelet, kube-proxy)", () -> real.nodeLogs().lines().toList());
    }
    return out.toString();
  }

  /** {@link #describe} plus Helm's view of the release. */
  public String describe(InstalledRelease release) {
    StringBuilder out = new StringBuilder(describe(release.namespace()));
    section(out, "helm status", () -> {
      Release status = Helm.status(release.name()).withNamespace(release.namespace()).withKubeConfig(cluster.kubeconfig()).call();
      return List.of("release " + status.getName() + " revision " + status.getRevision() + ": " + status.getStatus() + " (" + status.getChart() + ")");
    });
    return out.toString();
  }

  private interface Part {
    List<String> lines();
  }

  private static void section(StringBuilder out, String title, Part part) {
    out.append("== ").append(title).append('\n');
    try {
      List<String> lines = part.lines();
      if (lines.isEmpty()) {
        out.append("  (none)\n");
      }
      lines.forEach(line -> out.append("  ").append(line).append('\n'));
    } catch (RuntimeException e) {
      out.append("  cannot read: ").append(e.getMessage()).append('\n');
    }
  }

  /** Each distinct event once (type, object, reason, message), at its latest time, with how often it happened. */
  private static List<String> events(KubernetesClient client, String namespace) {
    java.util.Map<String, String> latest = new java.util.LinkedHashMap<>();
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    for (Event event : client.v1().events().inNamespace(namespace).list().getItems().stream().sorted(Comparator.comparing(Diagnostics::eventTime)).toList()) {
      String what = event.getType() + " " + event.getInvolvedObject().getKind() + "/" + event.getInvolvedObject().getName() + " "
          + event.getReason() + ": " + Optional.ofNullable(event.getMessage()).orElse("").strip();
      latest.remove(what);
      latest.put(what, eventTime(event));
      counts.merge(what, event.getCount() == null || event.getCount() < 1 ? 1 : event.getCount(), Integer::sum);
    }
    List<String> lines = new ArrayList<>();
    latest.forEach((what, time) -> lines.add(time + " " + what + (counts.get(what) > 1 ? " (x" + counts.get(what) + ")" : "")));
    return lines;
  }

  private static String eventTime(Event event) {
    if (event.getLastTimestamp() != null) return event.getLastTimestamp();
    if (event.getEventTime() != null && event.getEventTime().getTime() != null) return event.getEventTime().getTime();
    return Optional.ofNullable(event.getMetadata().getCreationTimestamp()).orElse("");
  }

  private static List<String> pods(KubernetesClient client, String namespace) {
    List<String> lines = new ArrayList<>();
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      var status = pod.getStatus();
      lines.add(pod.getMetadata().getName() + ": " + (status == null ? "no status" : status.getPhase())
          + (status != null && status.getReason() != null ? " (" + status.getReason() + ")" : "")
          + " node=" + pod.getSpec().getNodeName() + " ip=" + (status == null ? null : status.getPodIP()));
      if (status == null) {
        continue;
      }
      for (PodCondition condition : Optional.ofNullable(status.getConditions()).orElse(List.of())) {
        lines.add("  condition " + condition.getType() + "=" + condition.getStatus()
            + (condition.getReason() != null ? " " + condition.getReason() : "") + (condition.getMessage() != null ? ": " + condition.getMessage() : ""));
      }
      List<ContainerStatus> containers = new ArrayList<>(Optional.ofNullable(status.getInitContainerStatuses()).orElse(List.of()));
      containers.addAll(Optional.ofNullable(status.getContainerStatuses()).orElse(List.of()));
      for (ContainerStatus container : containers) {
        var state = container.getState();
        String described = state == null ? "unknown"
            : state.getWaiting() != null ? "waiting " + state.getWaiting().getReason() + " " + Optional.ofNullable(state.getWaiting().getMessage()).orElse("")
            : state.getTerminated() != null ? "terminated " + state.getTerminated().getReason() + " exit " + state.getTerminated().getExitCode()
            : "running";
        lines.add("  container " + container.getName() + ": " + described.strip() + " ready=" + container.getReady() + " restarts=" + container.getRestartCount());
      }
    }
    return lines;
  }

  private static List<String> claims(KubernetesClient client, String namespace) {
    List<String> lines = new ArrayList<>();
    for (PersistentVolumeClaim claim : client.persistentVolumeClaims().inNamespace(namespace).list().getItems()) {
      lines.add(claim.getMetadata().getName() + ": " + (claim.getStatus() == null ? "no status" : claim.getStatus().getPhase())
          + " volume=" + claim.getSpec().getVolumeName() + " class=" + claim.getSpec().getStorageClassName());
    }
    return lines;
  }

  private static List<String> logs(KubernetesClient client, String namespace) {
    List<String> lines = new ArrayList<>();
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      for (var container : pod.getSpec().getContainers()) {
        try {
          String log = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).inContainer(container.getName())
              .tailingLines(LOG_LINES).getLog();
          lines.add(pod.getMetadata().getName() + "/" + container.getName() + ":");
          log.lines().forEach(line -> lines.add("  " + line));
        } catch (RuntimeException e) {
          lines.add(pod.getMetadata().getName() + "/" + container.getName() + ": no log (" + e.getMessage() + ")");
        }
      }
    }
    return lines;
  }
}
