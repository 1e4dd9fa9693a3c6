package dev.chartharness.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The images {@code ci/images/build-images.sh} builds without a registry: OCI image-layout tarballs
 * {@code <cache>/images/<name>-<tag>.tar}, each holding the image {@code localhost/chart-harness/<name>:<tag>}.
 * The real-pods node imports them all; k3s gets the applications' images to import at start.
 */
public final class LocalImages {

  public static final String PREFIX = "localhost/chart-harness/";
  /** Images a cluster brings itself: the sandbox image and the in-cluster services of the real-pods node. */
  private static final List<String> INFRASTRUCTURE = List.of("pause", "coredns", "traefik");

  private LocalImages() {
  }

  public static Path directory() {
    return LocalControlPlaneBinaries.cacheDirectory().resolve("images");
  }

  /** Every tarball in the cache, sorted; none when nothing was built. */
  public static List<Path> all() {
    Path directory = directory();
    try (Stream<Path> files = Files.isDirectory(directory) ? Files.list(directory) : Stream.empty()) {
      return files.filter(file -> file.getFileName().toString().endsWith(".tar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
  }

  /** The applications' images only (what the charts run), not the cluster's own. */
  public static List<Path> applications() {
    return all().stream().filter(image -> !INFRASTRUCTURE.contains(name(image))).toList();
  }

  /** {@code localhost/chart-harness/redis:7.0.15} for {@code redis-7.0.15.tar}. */
  public static String reference(Path tarball) {
    String file = tarball.getFileName().toString().replaceFirst("\\.tar$", "");
    int dash = file.lastIndexOf('-', file.indexOf('.') < 0 ? file.length() : file.indexOf('.'));
    if (dash < 0) {
      throw new IllegalArgumentException("image tarball " + tarball + " is not named <name>-<tag>.tar");
    }
    return PREFIX + file.substring(0, dash) + ":" + file.substring(dash + 1);
  }

  /** {@code redis} for {@code redis-7.0.15.tar}. */
  public static String name(Path tarball) {
    String reference = reference(tarball);
    return reference.substring(PREFIX.length(), reference.lastIndexOf(':'));
  }
}
