package dev.chartharness.cluster;

import dev.chartharness.base.PollingLoop;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * Gives each Service of type LoadBalancer an address where no cloud does (Helm's {@code --wait} waits for one): its
 * {@code spec.loadBalancerIP}, else its cluster IP, which kube-proxy already serves. The same rule as the local
 * control plane's KWOK stage; for the harness's k3s image, whose servicelb needs a registry's image.
 */
public final class LoadBalancerAddresses implements AutoCloseable {

  private final KubernetesClient client;
  private PollingLoop loop;

  public LoadBalancerAddresses(KubernetesClient client) {
    this.client = client;
  }

  /** Assigns addresses (twice a second) until {@link #close()}. */
  public LoadBalancerAddresses start() {
    loop = PollingLoop.start("load-balancer addresses", Duration.ofMillis(500), this::reconcile);
    return this;
  }

  void reconcile() {
    for (Service service : client.services().inAnyNamespace().list().getItems()) {
      boolean balanced = "LoadBalancer".equals(service.getSpec().getType());
      boolean addressed = service.getStatus() != null && service.getStatus().getLoadBalancer() != null
          && service.getStatus().getLoadBalancer().getIngress() != null && !service.getStatus().getLoadBalancer().getIngress().isEmpty();
      String ip = service.getSpec().getLoadBalancerIP() == null || service.getSpec().getLoadBalancerIP().isBlank()
          ? service.getSpec().getClusterIP() : service.getSpec().getLoadBalancerIP();
      if (balanced && !addressed && ip != null && !ip.isBlank() && !"None".equals(ip)) {
        service.getStatus().setLoadBalancer(new io.fabric8.kubernetes.api.model.LoadBalancerStatusBuilder()
            .withIngress(new LoadBalancerIngressBuilder().withIp(ip).withIpMode("VIP").build()).build());
        client.services().inNamespace(service.getMetadata().getNamespace()).resource(service).updateStatus();
      }
    }
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
  }
}
