package dev.chartharness.cluster;

import dev.chartharness.base.Await;
import dev.chartharness.base.Readiness;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-cluster services of the backends that run real pods (real-pods, the harness's k3s image): CoreDNS as
 * the cluster DNS and Traefik as the default ingress controller, from the harness's images, described once in
 * {@code addons.yaml}; and the waits that tell they serve.
 */
public final class ClusterAddons {

  /** The add-ons' pods carry {@code app.kubernetes.io/name} with these names, in kube-system. */
  public static final List<String> NAMES = List.of("coredns", "traefik");
  private static final String RESOURCE = "/dev/chartharness/cluster/addons.yaml";

  private ClusterAddons() {
  }

  /**
   * The manifest: kube-dns at {@code clusterDns}; Traefik's HTTP entry point on the node's {@code ingressPort}
   * (a hostPort), reporting {@code nodeIp} in Ingress status; the images as the node knows them.
   */
  public static String manifest(String clusterDns, int ingressPort, String nodeIp, String corednsImage, String traefikImage) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("CLUSTER_DNS", clusterDns);
    values.put("INGRESS_PORT", String.valueOf(ingressPort));
    values.put("NODE_IP", nodeIp);
    values.put("COREDNS_IMAGE", corednsImage);
    values.put("TRAEFIK_IMAGE", traefikImage);
    try {
      return Templates.fill("addons.yaml", Templates.resource(RESOURCE), values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until a pod of each add-on is Ready; fails at once when its image can never arrive. */
  public static void awaitReady(KubernetesClient client, Duration timeout) {
    for (String name : NAMES) {
      Await.until(name + " Ready", timeout, Duration.ofMillis(500), () -> {
        List<Pod> pods = client.pods().inNamespace("kube-system").withLabel("app.kubernetes.io/name", name).list().getItems();
        String state = "no pod";
        for (Pod pod : pods) {
          if (Readiness.isReady(pod)) {
            return Await.done();
          }
          Optional<String> never = Readiness.imageNeverArrives(pod);
          if (never.isPresent()) {
            return Await.failed(never.get());
          }
          state = pod.getMetadata().getName() + " " + (pod.getStatus() == null ? "new" : pod.getStatus().getPhase())
              + (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? "" : " " + pod.getStatus().getContainerStatuses());
        }
        return Await.pending(state);
      });
    }
  }

  /** Traefik answers (404 for a host it has no route for) at {@code base} once the port mapping is in place. */
  public static void awaitIngressAnswers(String base, Duration timeout) {
    IngressHttp http = IngressHttp.to(base, "probe.chart-harness.invalid").withTimeout(Duration.ofSeconds(2));
    Await.until("Traefik answers on " + base, timeout, () -> {
      try {
        int status = http.get("/").status();
        return status == 404 ? Await.done() : Await.pending("HTTP " + status);
      } catch (IOException e) {
        return Await.pending(e.toString());
      }
    });
  }
}
