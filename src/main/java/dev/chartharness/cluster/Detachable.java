package dev.chartharness.cluster;

/** A cluster that can outlive the JVM that started it. */
public interface Detachable {

  /** Stops managing the cluster's lifetime and records it for {@code down}. */
  DetachedCluster detach();
}
