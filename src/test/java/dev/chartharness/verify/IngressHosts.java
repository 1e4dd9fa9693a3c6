package dev.chartharness.verify;

import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.junit.EphemeralClusterExtension;
import dev.chartharness.render.RenderedRelease;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tests that run side by side on the run's shared cluster must not both have an Ingress for the same host: the
 * cluster's ingress controller would route the host to either namespace, and a test's HTTP checks could reach the
 * other test's release (or one being removed). A test holds its hosts from before its install until its release is
 * uninstalled; tests whose hosts differ run at the same time.
 */
final class IngressHosts {

  private static final Map<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

  /** What a test does while it holds its hosts. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws Exception;
  }

  private IngressHosts() {
  }

  /** The hosts of every Ingress {@code release} renders. */
  static List<String> of(RenderedRelease release) {
    return release.all(Ingress.class).stream()
        .flatMap(ingress -> Optional.ofNullable(ingress.getSpec().getRules()).orElse(List.of()).stream())
        .map(IngressRule::getHost).filter(Objects::nonNull).distinct().sorted().toList();
  }

  /**
   * Runs {@code work} while no other test of this run holds any of {@code hosts}, then uninstalls the releases in
   * {@code namespace} before letting the hosts go.
   */
  static <T> T exclusively(Collection<String> hosts, EphemeralCluster cluster, String namespace, Work<T> work) throws Exception {
    List<ReentrantLock> held = new TreeSet<>(hosts).stream().map(host -> LOCKS.computeIfAbsent(host, key -> new ReentrantLock())).toList();
    held.forEach(ReentrantLock::lock);
    try {
      return work.run();
    } finally {
      try {
        EphemeralClusterExtension.uninstallReleases(cluster, namespace);
      } finally {
        for (int i = held.size() - 1; i >= 0; i--) {
          held.get(i).unlock();
        }
      }
    }
  }
}
