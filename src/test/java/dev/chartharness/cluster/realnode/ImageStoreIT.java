package dev.chartharness.cluster.realnode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.base.Digests;
import dev.chartharness.base.HarnessCache;
import dev.chartharness.base.HostProcess;
import dev.chartharness.cluster.LocalImages;
import dev.chartharness.junit.EphemeralClusterExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nodes start from the image store (the images unpacked once): with exactly the images they asked for, leaving the
 * store as it was, and what a run killed while making a store left is removed by the next start.
 */
@DisplayName("real node: the image store every node's containerd starts from")
class ImageStoreIT {

  @RegisterExtension
  static final BeforeAllCallback FREE_THE_NODE = EphemeralClusterExtension.stoppingShared("real-pods");

  @Test
  @DisplayName("a node has exactly its images, from the store; running a cluster leaves the store's files as they were")
  void nodeStartsFromTheStore() throws Exception {
    // What RealPodsCluster.preparing() imports: the base images and those -Dharness.images names.
    NodePrerequisites prerequisites = NodePrerequisites.prepare().withImages(LocalImages.given());
    Path store = HarnessCache.directory().resolve(ImageStore.DIRECTORY).resolve(ImageStore.key(prerequisites));
    // The first start makes the store when the cache has none.
    RealPodsCluster.preparing().start().close();
    assertThat(store.resolve("root")).isDirectory();
    Map<String, String> before = listing(store);

    try (RealPodsCluster cluster = RealPodsCluster.preparing().start()) {
      Path node = Path.of(cluster.nodeDirectory());
      HostProcess.Result images = HostProcess.command(prerequisites.ctr().toString(), "--address", node.resolve("containerd/containerd.sock").toString(),
          "--namespace", "k8s.io", "images", "ls", "--quiet").withTimeout(Duration.ofSeconds(30)).run();
      assertThat(images.exit()).as(images.output()).isZero();
      // References by name (each also by digest), without ctr's log lines (its output carries standard error).
      List<String> names = images.output().lines().filter(line -> !line.startsWith("sha256:") && !line.isBlank() && !line.contains(" ")).sorted().toList();
      assertThat(names).as("the node's images").isEqualTo(prerequisites.images().stream().map(LocalImages::reference).sorted().toList());
      // The pods (CoreDNS, Traefik) run from the copied layers.
      assertThat(cluster.client().pods().inNamespace("kube-system").list().getItems()).isNotEmpty()
          .allSatisfy(pod -> assertThat(pod.getStatus().getPhase()).isEqualTo("Running"));
    }
    assertThat(listing(store)).as("the store after a cluster ran from it").isEqualTo(before);
  }

  @Test
  @DisplayName("what a run killed while making a store left (the directory, its containerd) is removed by the next start")
  void leftoversOfAKilledRunRemoved() throws Exception {
    Path base = HarnessCache.directory().resolve(ImageStore.DIRECTORY);
    Path partial = Files.createDirectories(base.resolve("0123456789abcdef.partial/containerd"));
    // Stands in for the containerd the killed run started: a process naming the partial directory.
    Path config = Files.writeString(partial.resolve("config.toml"), "version = 3\n");
    Process leftover = new ProcessBuilder("tail", "-f", config.toString()).start();
    try {
      assertThat(ProcessHandle.of(leftover.pid()).flatMap(process -> process.info().commandLine()).orElse("")).contains(partial.toString());
      RealPodsCluster.preparing().start().close();

      assertThat(base.resolve("0123456789abcdef.partial")).doesNotExist();
      assertThat(leftover.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("the leftover process ended").isTrue();
    } finally {
      leftover.destroyForcibly();
    }
  }

  /** Every file of the store: its size and modification time, and the content's digest where the nodes copy it. */
  private static Map<String, String> listing(Path store) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(store)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        String relative = store.relativize(path).toString();
        String linked = relative.contains("/blobs/") || relative.contains("/snapshots/") ? "" : " " + Digests.sha256Hex(Files.readAllBytes(path));
        files.put(relative, Files.size(path) + " " + Files.getLastModifiedTime(path) + linked);
      }
    }
    return files;
  }
}
