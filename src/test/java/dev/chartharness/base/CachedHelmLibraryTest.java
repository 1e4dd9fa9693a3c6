package dev.chartharness.base;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chartharness.render.RenderCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Embedded Helm's native library: unpacked once into the harness cache, never into a /tmp copy per JVM")
class CachedHelmLibraryTest {

  private static final Path REPOSITORY = Path.of(System.getProperty("harness.repository", ".")).toAbsolutePath();
  private static final Path CHART = REPOSITORY.resolve("src/test/resources/corpus/sidecar");

  @Test
  @DisplayName("this JVM renders with the cached library: it is the one mapped, intact under its checksum record")
  void thisJvmLoadsTheCachedLibrary() throws IOException {
    assertThat(RenderCommand.chart(CHART).withReleaseName("sidecar").call().objects()).isNotEmpty();
    List<String> helmMappings;
    try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
      helmMappings = maps.filter(line -> line.endsWith(".so") && line.contains("helm-")).map(line -> line.substring(line.indexOf('/')))
          .distinct().toList();
    }
    assertThat(helmMappings).as("helm-java's library as this JVM maps it").singleElement().satisfies(path -> {
      assertThat(path).startsWith(HarnessCache.directory().resolve("helm-java").toString()).endsWith("/helm-linux-amd64.so");
      assertThat(HarnessCache.isIntact(Path.of(path))).as("%s against its record", path).isTrue();
      String recorded = Files.readString(Path.of(path + ".sha256")).strip();
      assertThat(recorded).isEqualTo(Digests.sha256Hex(Path.of(path)) + "  helm-linux-amd64.so");
    });
  }

  @Test
  @DisplayName("a JVM with an empty cache unpacks it once, the next reuses that file; where the cache cannot be written, helm-java's own loading renders")
  void unpackedOncePerCache(@TempDir Path scratch) throws IOException {
    Path cache = scratch.resolve("cache");
    Path tmp = Files.createDirectories(scratch.resolve("tmp"));

    assertThat(render(cache, tmp).exit()).isZero();
    Path library;
    try (Stream<Path> files = Files.walk(cache.resolve("helm-java"))) {
      library = files.filter(file -> file.getFileName().toString().equals("helm-linux-amd64.so")).findFirst().orElseThrow();
    }
    assertThat(HarnessCache.isIntact(library)).isTrue();
    try (Stream<Path> leftovers = Files.list(library.getParent())) {
      assertThat(leftovers.map(Path::getFileName).map(Path::toString)).as("what unpacking left").containsExactlyInAnyOrder(
          "helm-linux-amd64.so", "helm-linux-amd64.so.sha256");
    }
    Object inode = Files.readAttributes(library, BasicFileAttributes.class).fileKey();

    HostProcess.Result second = render(cache, tmp);
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(Files.readAttributes(library, BasicFileAttributes.class).fileKey()).as("the same file, not unpacked again").isEqualTo(inode);
    try (Stream<Path> inTmp = Files.list(tmp)) {
      assertThat(inTmp.map(Path::getFileName).map(Path::toString)).as("helm-java's temporary copies").noneMatch(name -> name.startsWith("helm-java"));
    }

    HostProcess.Result unwritable = render(Path.of("/proc/chart-harness-no-cache"), tmp);
    assertThat(unwritable.exit()).as(unwritable.output()).isZero();
    assertThat(unwritable.output()).contains("Deployment/sidecar-web");
  }

  /** {@code render} of the corpus chart in a JVM of its own with {@code cache} as the harness cache and {@code tmp} as its temporary directory. */
  private static HostProcess.Result render(Path cache, Path tmp) {
    return HostProcess.command(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dharness.cache=" + cache, "-Djava.io.tmpdir=" + tmp,
            "-cp", System.getProperty("java.class.path"), "dev.chartharness.cli.Main", "render", CHART.toString())
        .in(REPOSITORY).withTimeout(Duration.ofMinutes(2)).run();
  }
}
