package dev.chartharness.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corrupt or truncated cached binary or image is found and built again: the recipes record a checksum beside
 * every file they build (lib/checksums.sh, used by lib/go-build.sh and images/lib.sh) and the harness compares
 * it before use. Run on a throwaway cache with a one-file Go module, never on the machine's cache.
 */
@DisplayName("Cached binaries and images: checksums recorded at build, a damaged file detected and rebuilt")
class CachedChecksumsTest {

  private static final Path RECIPES = RecipesTest.SOURCES;

  @Test
  @DisplayName("go-build.sh records a checksum; a truncated binary is detected and rebuilt; one cached before checksums is adopted")
  void binaryRebuiltWhenDamaged(@TempDir Path temp) throws IOException {
    Path recipes = temp.resolve("recipes");
    Files.createDirectories(recipes.resolve("lib"));
    Files.copy(RECIPES.resolve("lib/go-build.sh"), recipes.resolve("lib/go-build.sh"));
    Files.copy(RECIPES.resolve("lib/checksums.sh"), recipes.resolve("lib/checksums.sh"));
    Path module = Files.createDirectories(recipes.resolve("go/tiny"));
    Files.writeString(module.resolve("go.mod"), "module example.com/tiny\n\ngo 1.22\n");
    Files.writeString(module.resolve("main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"tiny ok\") }\n");
    Path cache = temp.resolve("cache");
    Path binary = cache.resolve("bin/tiny-v1/tiny");

    HostProcess.Result first = build(recipes, cache);
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output()).contains("tiny v1: built tiny");
    assertThat(Files.readString(binary.resolveSibling("tiny.sha256"))).isEqualTo(Digests.sha256Hex(binary) + "  tiny\n");
    assertThat(HarnessCache.isIntact(binary)).isTrue();

    HostProcess.Result cached = build(recipes, cache);
    assertThat(cached.output()).contains("tiny v1: cached").doesNotContain("building tiny");

    byte[] content = Files.readAllBytes(binary);
    Files.write(binary, java.util.Arrays.copyOf(content, content.length / 2));
    assertThat(HarnessCache.isIntact(binary)).as("a truncated binary").isFalse();
    HostProcess.Result rebuilt = build(recipes, cache);
    assertThat(rebuilt.exit()).as(rebuilt.output()).isZero();
    assertThat(rebuilt.output()).contains("tiny: does not match the checksum recorded when it was built (corrupt or truncated)")
        .contains("tiny v1: built tiny");
    assertThat(HostProcess.command(binary.toString()).run().output()).isEqualTo("tiny ok\n");
    assertThat(HarnessCache.isIntact(binary)).isTrue();

    Files.delete(binary.resolveSibling("tiny.sha256"));
    assertThat(HarnessCache.isIntact(binary)).as("a binary without a recorded checksum").isFalse();
    HostProcess.Result adopted = build(recipes, cache);
    assertThat(adopted.output()).contains("tiny: recording the checksum of a file cached before checksums were kept").contains("tiny v1: cached");
    assertThat(HarnessCache.isIntact(binary)).isTrue();
  }

  @Test
  @DisplayName("isIntact: a flipped byte of the same size is caught once the file's modification time changes; a missing file is not intact")
  void sameSizeCorruption(@TempDir Path temp) throws IOException {
    Path image = temp.resolve("redis-7.0.15.tar");
    Files.write(image, new byte[] {1, 2, 3, 4});
    Files.writeString(temp.resolve("redis-7.0.15.tar.sha256"), Digests.sha256Hex(image) + "  redis-7.0.15.tar\n");
    assertThat(HarnessCache.isIntact(image)).isTrue();
    Files.write(image, new byte[] {1, 2, 3, 5});
    Files.setLastModifiedTime(image, FileTime.from(Instant.now().plus(Duration.ofSeconds(5))));
    assertThat(HarnessCache.isIntact(image)).isFalse();
    assertThat(HarnessCache.isIntact(temp.resolve("missing.tar"))).isFalse();
  }

  @Test
  @DisplayName("images/lib.sh: a cached tarball counts only while it matches its checksum")
  void imageCacheChecksTheTarball(@TempDir Path temp) throws IOException {
    Path out = Files.createDirectories(temp.resolve("cache/images"));
    Path tar = out.resolve("busybox-1.35.0.tar");
    Files.writeString(tar, "layers");
    Files.writeString(out.resolve("busybox-1.35.0.tar.inputs"), "busybox fingerprint\n");
    String script = ". " + RECIPES.resolve("images/lib.sh") + "\n"
        + "record " + tar + "\n"
        + "cached busybox 1.35.0 'busybox fingerprint' && echo first-cached\n"
        + "printf 'layerz' > " + tar + "\n"
        + "cached busybox 1.35.0 'busybox fingerprint' || echo second-rebuild\n";
    HostProcess.Result result = HostProcess.command("bash", "-c", script)
        .withEnvironment(Map.of("CHART_HARNESS_CACHE", temp.resolve("cache").toString())).withTimeout(Duration.ofSeconds(60)).run();
    assertThat(result.output()).as(result.output()).contains("first-cached", "does not match the checksum", "second-rebuild");
    assertThat(tar).as("the damaged tarball is removed so that it is built again").doesNotExist();
  }

  private static HostProcess.Result build(Path recipes, Path cache) {
    String script = "set -euo pipefail\nrecipes=" + recipes + "\nlabel=test\n. \"$recipes/lib/go-build.sh\"\nbuild tiny v1 tiny \"\" \"\" tiny=example.com/tiny\n";
    return HostProcess.command("bash", "-c", script).withEnvironment(Map.of("CHART_HARNESS_CACHE", cache.toString(), "GOFLAGS", "-mod=mod"))
        .withTimeout(Duration.ofMinutes(3)).run();
  }
}
