package dev.chartharness.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cluster that already runs (kind, minikube, EKS...), from a kubeconfig. Nothing is started or
 * stopped; the namespaces the harness created in it are deleted on close.
 */
public final class ExistingCluster implements EphemeralCluster {

  private final Path kubeconfig;
  private final boolean servesIngressHttp;
  private final String ingressHttpBase;
  private KubernetesClient client;
  /** Written by whichever thread creates a namespace (a scale run's workers, say). */
  private final List<String> createdNamespaces = new CopyOnWriteArrayList<>();

  private ExistingCluster(Path kubeconfig, String ingressHttpBase) {
    this.kubeconfig = kubeconfig.toAbsolutePath();
    this.ingressHttpBase = ingressHttpBase;
    this.servesIngressHttp = ingressHttpBase != null && !ingressHttpBase.isBlank();
  }

  public static ExistingCluster fromKubeconfig(Path kubeconfig) {
    return new ExistingCluster(kubeconfig, null);
  }

  /** Where the cluster's ingress controller answers HTTP (e.g. {@code http://localhost}); enables real HTTP route checks. */
  public ExistingCluster withIngressHttpBase(String base) {
    return new ExistingCluster(kubeconfig, base);
  }

  @Override
  public ExistingCluster start() {
    if (!Files.isReadable(kubeconfig)) {
      throw new ClusterUnavailableException("kubeconfig " + kubeconfig + " is not readable");
    }
    client().getKubernetesVersion();
    return this;
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public synchronized KubernetesClient client() {
    if (client == null) {
      client = EphemeralCluster.clientFor(kubeconfig);
    }
    return client;
  }

  @Override
  public ClusterCapabilities capabilities() {
    return new ClusterCapabilities("kubeconfig", true, servesIngressHttp, ingressHttpBase, false);
  }

  @Override
  public String createNamespaceNamed(String namespace) {
    String name = EphemeralCluster.super.createNamespaceNamed(namespace);
    createdNamespaces.add(name);
    return name;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      for (String namespace : createdNamespaces) {
        client.namespaces().withName(namespace).delete();
      }
      client.close();
      client = null;
    }
  }
}
