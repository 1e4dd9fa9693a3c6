package dev.chartharness.cluster;

/**
 * What a backend can prove.
 *
 * @param backend the backend's name ({@code local}, {@code k3s}, {@code kubeconfig})
 * @param runsRealPods containers really run: probes, logs and application behaviour are real
 * @param servesIngressHttp an ingress controller answers HTTP, so routes are checked by real requests
 * @param ingressHttpBase where that controller answers ({@code http://localhost:32080}), when it does
 * @param hasLocalImages the images {@code ci/images/build-images.sh} built are on its nodes, so charts can run
 *     them with {@code ci/images/values/<application>.yaml} (there is no registry to pull from here)
 * @param reachesServiceAddresses the harness's host routes the cluster's Service (and LoadBalancer) addresses: the node
 *     shares the host's network, so {@code http://<service address>/} works from here as it does from a pod
 */
public record ClusterCapabilities(String backend, boolean runsRealPods, boolean servesIngressHttp, String ingressHttpBase, boolean hasLocalImages,
                                  boolean reachesServiceAddresses) {

  /** A backend whose Service addresses are not routed from the harness's host. */
  public ClusterCapabilities(String backend, boolean runsRealPods, boolean servesIngressHttp, String ingressHttpBase, boolean hasLocalImages) {
    this(backend, runsRealPods, servesIngressHttp, ingressHttpBase, hasLocalImages, false);
  }

  @Override
  public String toString() {
    return backend + (runsRealPods ? " (real pods" : " (simulated pods") + (servesIngressHttp ? ", HTTP through " + ingressHttpBase + ")" : ")");
  }
}
