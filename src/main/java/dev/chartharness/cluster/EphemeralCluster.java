package dev.chartharness.cluster;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A cluster a test or the command line can install into and throw away: a local control plane,
 * k3s in a container, or an existing cluster (where "throw away" means its namespaces).
 * {@link #close()} removes every process, container or namespace it started.
 */
public interface EphemeralCluster extends AutoCloseable {

  /** Label on every namespace the harness creates, so leftovers can be found and removed. */
  String MANAGED_LABEL = "chart-harness.dev/ephemeral";

  /** Starts the cluster (idempotent); returns when the API server answers. */
  EphemeralCluster start();

  /** A kubeconfig file for this cluster, usable by Helm and by a person's own tools. */
  Path kubeconfig();

  /** A client for this cluster (created on first use, closed with the cluster). */
  KubernetesClient client();

  /** What this backend can and cannot prove. */
  ClusterCapabilities capabilities();

  /**
   * Creates a throwaway namespace {@code prefix-xxxxx} labelled for the harness and to
   * <em>enforce</em> the restricted Pod Security Standard, so the API server admits or rejects the pods.
   */
  default String createNamespace(String prefix) {
    return createNamespaceNamed((prefix + "-" + UUID.randomUUID().toString().substring(0, 5)).toLowerCase());
  }

  /** Like {@link #createNamespace(String)}, with exactly this name. */
  default String createNamespaceNamed(String name) {
    Namespace namespace = new NamespaceBuilder().withNewMetadata().withName(name)
        .withLabels(Map.of(MANAGED_LABEL, "true",
            "pod-security.kubernetes.io/enforce", "restricted",
            "pod-security.kubernetes.io/enforce-version", "latest",
            "pod-security.kubernetes.io/warn", "restricted"))
        .endMetadata().build();
    client().namespaces().resource(namespace).create();
    return name;
  }

  /** A client for the cluster a kubeconfig file describes. */
  static KubernetesClient clientFor(Path kubeconfig) {
    try {
      return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
    }
  }

  /** Stops the cluster and removes what it started; never throws for what is already gone. */
  @Override
  void close();
}
