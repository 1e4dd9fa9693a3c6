package dev.chartharness.cluster.realnode;

import dev.chartharness.base.Digests;
import dev.chartharness.base.FileTrees;
import dev.chartharness.base.HarnessCache;
import dev.chartharness.base.HostProcess;
import dev.chartharness.cluster.HostTools;
import dev.chartharness.cluster.Progress;
import dev.chartharness.cluster.Templates;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A node's images unpacked once: a containerd root holding every image the nodes import, made by a throwaway containerd
 * the first time a set of images is used and kept in the harness cache ({@code node-images/<key>/root}; the key covers
 * the containerd binary, its configuration and every image's recorded checksum). Each node's containerd starts from a
 * copy of it instead of importing and unpacking the images again (7-10 s on two cores for this repository's nine):
 * hard links for the content blobs and the unpacked layers, which nothing writes (overlayfs only reads them as lower
 * layers; containers write to layers of their own), and real copies of everything else (the metadata databases).
 * Deleting a node's directory only unlinks its names; the store stays as it was made. A node gets exactly the images
 * it asked for: a store holds one set, never a superset that could hide a missing image.
 */
final class ImageStore {

  static final String DIRECTORY = "node-images";
  /** Bumped when the store's layout or what goes into it changes. */
  private static final String FORMAT = "1";
  /** How many stores (image sets) the cache keeps; the test suite alone uses two. */
  private static final int KEPT = 3;
  private static final String RESOURCES = "/dev/chartharness/cluster/realnode/";
  /** What a node's copy hard-links (everything else is copied): immutable blobs and unpacked layers. */
  private static final List<String> LINKED = List.of("io.containerd.content.v1.content/blobs/", "io.containerd.snapshotter.v1.overlayfs/snapshots/");

  private final Path root;

  private ImageStore(Path root) {
    this.root = root;
  }

  /**
   * The store for {@code prerequisites}' images, made now when the cache has none (said through {@code progress}). The
   * caller holds the machine's real-node lock, so no other store is being made meanwhile: leftovers of a run that died
   * while making one, and stores of other image sets, are removed.
   */
  static ImageStore prepare(NodePrerequisites prerequisites, Progress progress) {
    Path base = HarnessCache.directory().resolve(DIRECTORY);
    String key = key(prerequisites);
    Path store = base.resolve(key);
    try {
      Files.createDirectories(base);
      removeOthers(base, key);
      if (Files.isDirectory(store.resolve("root"))) {
        Files.setLastModifiedTime(store, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        return new ImageStore(store.resolve("root"));
      }
      Path partial = base.resolve(key + ".partial");
      progress.step("real node: unpacking " + prerequisites.images().size() + " images into the image store " + store
          + " (once for these images; every node starts from a copy)");
      try {
        make(prerequisites, partial);
      } catch (RuntimeException e) {
        FileTrees.delete(partial);
        throw e;
      }
      Files.move(partial.resolve("containerd/root"), partial.resolve("root"));
      try (Stream<Path> entries = Files.list(partial)) {
        entries.filter(entry -> !entry.getFileName().toString().equals("root")).forEach(FileTrees::delete);
      }
      Files.move(partial, store, StandardCopyOption.ATOMIC_MOVE);
      return new ImageStore(store.resolve("root"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the image store " + store + ": " + e.getMessage(), e);
    }
  }

  /** Fills {@code containerdRoot} (which must not exist yet) with the store's images: links and copies, see the class. */
  void copyInto(Path containerdRoot) {
    Path parent = containerdRoot.getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + parent + ": " + e.getMessage(), e);
    }
    // cp -a keeps owners, modes and the overlay xattrs (opaque directories) that the unpacked layers carry.
    HostProcess.command(List.of("cp", "-al", root.toString(), containerdRoot.toString())).withTimeout(Duration.ofMinutes(2)).runOrThrow();
    try {
      // Only the files outside the linked trees become copies; the linked trees themselves are not walked.
      Files.walkFileTree(containerdRoot, new java.nio.file.SimpleFileVisitor<>() {
        @Override
        public java.nio.file.FileVisitResult preVisitDirectory(Path directory, java.nio.file.attribute.BasicFileAttributes attributes) {
          String relative = containerdRoot.relativize(directory).toString().replace(File.separatorChar, '/') + "/";
          return LINKED.contains(relative) ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
        }

        @Override
        public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attributes) throws IOException {
          if (attributes.isRegularFile()) {
            Path copy = file.resolveSibling(file.getFileName() + ".copy");
            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the image store into " + containerdRoot + ": " + e.getMessage(), e);
    }
  }

  /** The key of an image set: the format, containerd (its path names the version) and configuration, and each image's checksum. */
  static String key(NodePrerequisites prerequisites) {
    StringBuilder inputs = new StringBuilder(FORMAT).append('\n').append(prerequisites.containerd()).append('\n');
    try {
      inputs.append(Digests.sha256Hex(Templates.resource(RESOURCES + "containerd.toml").getBytes(java.nio.charset.StandardCharsets.UTF_8))).append('\n');
      for (Path image : prerequisites.images()) {
        inputs.append(image.getFileName()).append(' ').append(HarnessCache.recordedSha256(image)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the image checksums: " + e.getMessage(), e);
    }
    return Digests.sha256Hex(inputs.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
  }

  /** Imports every image with a containerd of its own in {@code partial}, configured as a node's, then stops it. */
  private static void make(NodePrerequisites prerequisites, Path partial) throws IOException {
    Files.createDirectories(partial);
    Path config = partial.resolve("containerd/config.toml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, Templates.fill("containerd.toml", Templates.resource(RESOURCES + "containerd.toml"), LocalNode.containerdValues(prerequisites, partial)));
    Path socket = partial.resolve("containerd/containerd.sock");
    HostProcess.Background containerd = HostProcess.start("containerd (image store)",
        List.of(prerequisites.containerd().toString(), "--config", config.toString()), LocalNode.environment(prerequisites),
        partial.resolve("containerd.log"), partial.resolve("pids"));
    // A JVM that exits meanwhile (Ctrl-C) stops it too; one killed with -9 leaves it to the next prepare's removeOthers.
    Thread hook = new Thread(() -> containerd.stop(Duration.ofSeconds(10)), "stop-image-store-containerd");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      LocalNode.awaitContainerd(prerequisites, socket, containerd);
      for (Path image : prerequisites.images()) {
        HostProcess.command(List.of(prerequisites.ctr().toString(), "--address", socket.toString(), "--namespace", "k8s.io",
            "images", "import", image.toString())).withTimeout(Duration.ofMinutes(3)).runOrThrow();
      }
    } finally {
      containerd.stop(Duration.ofSeconds(15));
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs (or ran) anyway.
      }
    }
  }

  /**
   * Removes what a killed run left making a store (its containerd included) and, beyond the {@value #KEPT} stores used
   * last, the stores of image sets not used for longest; {@code key}'s is kept.
   */
  private static void removeOthers(Path base, String key) throws IOException {
    List<Path> partial = new ArrayList<>();
    List<Path> stores = new ArrayList<>();
    try (Stream<Path> entries = Files.list(base)) {
      entries.filter(entry -> !entry.getFileName().toString().equals(key))
          .forEach(entry -> (entry.getFileName().toString().endsWith(".partial") ? partial : stores).add(entry));
    }
    stores.sort(java.util.Comparator.comparing(ImageStore::lastUsed).reversed());
    List<Path> removed = new ArrayList<>(partial);
    removed.addAll(stores.subList(Math.min(stores.size(), KEPT - 1), stores.size()));
    for (Path other : removed) {
      // A containerd a killed run started for a partial store still runs, naming its directory.
      HostTools.stopProcessesMentioning(other + "/");
      FileTrees.delete(other);
    }
  }

  private static java.nio.file.attribute.FileTime lastUsed(Path store) {
    try {
      return Files.getLastModifiedTime(store);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }
}
