package dev.chartharness.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Image tarballs without a registry: OCI image-layout tarballs {@code <name>-<tag>.tar}, each holding the image
 * {@code localhost/chart-harness/<name>:<tag>}. The cluster's base images (pause, CoreDNS, Traefik) are the
 * harness's own, built into {@code <cache>/images} by its recipes; application images are the user's, given to
 * a cluster with {@code withImages(...)} or, as a documented fallback, {@code -Dharness.images} /
 * {@code $HARNESS_IMAGES} (a directory of tarballs, or tarballs separated by {@code :}).
 */
public final class LocalImages {

  public static final String PREFIX = "localhost/chart-harness/";
  /** Images a cluster brings itself: the sandbox image and the in-cluster services of the real-pods node. */
  private static final List<String> INFRASTRUCTURE = List.of("pause", "coredns", "traefik");

  private LocalImages() {
  }

  public static Path directory() {
    return dev.chartharness.base.HarnessCache.directory().resolve("images");
  }

  /** The cluster's own images in the cache (pause, CoreDNS, Traefik), sorted. */
  /** Whether {@code tarball} is one of the cluster's own images (pause, CoreDNS, Traefik), not an application's. */
  public static boolean isBase(Path tarball) {
    return INFRASTRUCTURE.contains(name(tarball));
  }

  public static List<Path> base() {
    return all().stream().filter(image -> INFRASTRUCTURE.contains(name(image))).toList();
  }

  /** The application images {@code -Dharness.images} / {@code $HARNESS_IMAGES} name; none when unset. */
  public static List<Path> given() {
    String given = System.getProperty("harness.images", System.getenv("HARNESS_IMAGES"));
    if (given == null || given.isBlank()) {
      return List.of();
    }
    List<Path> images = new java.util.ArrayList<>();
    for (String entry : given.split(":")) {
      images.addAll(tarballs(Path.of(entry.strip())));
    }
    return images.stream().filter(image -> !INFRASTRUCTURE.contains(name(image))).distinct().toList();
  }

  /**
   * An image built from a directory, for {@code withImages(...)}: {@code rootfs} becomes the image's one layer,
   * named {@code localhost/chart-harness/<name>:<tag>}, run as {@code user} ({@code 1000:1000}) with
   * {@code entrypoint}; packed by the harness's own recipe (no registry, no Docker) into {@code directory}.
   */
  public static Path fromDirectory(Path rootfs, String name, String tag, String user, List<String> entrypoint, Path directory) {
    if (!Files.isDirectory(rootfs)) {
      throw new IllegalArgumentException("image root " + rootfs + " is not a directory");
    }
    if (!name.matches("[a-z0-9]([-a-z0-9._]*[a-z0-9])?") || !tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
      throw new IllegalArgumentException("image name " + name + " or tag " + tag + " is not valid (lowercase name, tag of letters, digits, . _ -)");
    }
    Path tarball = directory.resolve(name + "-" + tag + ".tar");
    String json = entrypoint.stream().map(part -> "\"" + part.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
        .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    dev.chartharness.base.HostProcess.command("python3", dev.chartharness.base.Recipes.directory().resolve("images/oci-pack.py").toString(),
        "--rootfs", rootfs.toString(), "--ref", PREFIX + name + ":" + tag, "--out", tarball.toString(),
        "--entrypoint", json, "--user", user).withTimeout(java.time.Duration.ofMinutes(5)).runOrThrow();
    return tarball;
  }

  /** A tarball, or every tarball of a directory (sorted); fails naming a path that is neither. */
  public static List<Path> tarballs(Path path) {
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.list(path)) {
        return files.filter(file -> file.getFileName().toString().endsWith(".tar")).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + path, e);
      }
    }
    if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".tar")) {
      reference(path);
      return List.of(path);
    }
    throw new IllegalArgumentException("image " + path + " is neither an OCI image tarball (<name>-<tag>.tar) nor a directory of them");
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
