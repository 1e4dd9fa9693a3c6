package dev.chartharness.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;

/**
 * A cluster left running after the JVM that started it exited ({@code up --detach}), recorded under
 * {@code <cache>/clusters/<name>.properties} so that {@code down} can remove it.
 *
 * @param name the cluster's name
 * @param backend {@code local}, {@code real-pods} or {@code k3s}
 * @param kubeconfig its kubeconfig
 * @param location the local control plane's work directory, or the k3s container id
 * @param tool kwokctl's path for a local control plane; empty for k3s
 * @param node the real node's directory for {@code real-pods} (its control plane is {@code location}); empty otherwise
 */
public record DetachedCluster(String name, String backend, Path kubeconfig, String location, String tool, String node) {

  /** A detached cluster without a real node. */
  public DetachedCluster(String name, String backend, Path kubeconfig, String location, String tool) {
    this(name, backend, kubeconfig, location, tool, "");
  }

  private static Path directory() {
    return dev.chartharness.base.HarnessCache.directory().resolve("clusters");
  }

  /** Records it (under its name, replacing an earlier record of that name). */
  public DetachedCluster save() {
    Properties properties = new Properties();
    properties.setProperty("name", name);
    properties.setProperty("backend", backend);
    properties.setProperty("kubeconfig", kubeconfig.toString());
    properties.setProperty("location", location);
    properties.setProperty("tool", tool);
    properties.setProperty("node", node);
    try {
      Files.createDirectories(directory());
      try (Writer writer = Files.newBufferedWriter(directory().resolve(name + ".properties"))) {
        properties.store(writer, "a cluster left running by chart-harness up --detach; remove with: java -jar target/chart-harness.jar down " + name);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record detached cluster " + name, e);
    }
    return this;
  }

  /** Every detached cluster on record. */
  public static List<DetachedCluster> all() {
    List<DetachedCluster> clusters = new ArrayList<>();
    if (!Files.isDirectory(directory())) {
      return clusters;
    }
    try (Stream<Path> files = Files.list(directory())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".properties")).sorted().toList()) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
          properties.load(reader);
        }
        clusters.add(new DetachedCluster(properties.getProperty("name"), properties.getProperty("backend"),
            Path.of(properties.getProperty("kubeconfig")), properties.getProperty("location"), properties.getProperty("tool", ""),
            properties.getProperty("node", "")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + directory(), e);
    }
    return clusters;
  }

  /** Stops the cluster and forgets it. */
  public void delete() {
    if ("local".equals(backend)) {
      LocalControlPlaneCluster.delete(name, Path.of(location), Path.of(tool));
    } else if ("real-pods".equals(backend)) {
      dev.chartharness.cluster.realnode.RealPodsCluster.deleteDetached(this);
    } else {
      DockerClientFactory.instance().client().removeContainerCmd(location).withForce(true).withRemoveVolumes(true).exec();
    }
    try {
      Files.deleteIfExists(directory().resolve(name + ".properties"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot forget detached cluster " + name, e);
    }
  }
}
