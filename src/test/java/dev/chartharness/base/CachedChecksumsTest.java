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
    Path recipes = tinyRecipes(temp);
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
  @DisplayName("an interrupted cold build (kill -9 mid-compile) leaves no process; the next run builds it, leaving no partial file")
  void interruptedColdBuild(@TempDir Path temp) throws Exception {
    Path recipes = tinyRecipes(temp);
    Path cache = temp.resolve("cache");
    Path binary = cache.resolve("bin/tiny-v1/tiny");
    // A go that writes half a binary and then takes its time, as a link in progress does.
    Path slowGo = Files.createDirectories(temp.resolve("slow-go"));
    Files.writeString(slowGo.resolve("go"), "#!/bin/sh\nwhile [ \"$1\" != -o ]; do shift; done\nprintf half > \"$2\"\necho compiling-" + temp.getFileName() + "\nexec sleep 600\n");
    slowGo.resolve("go").toFile().setExecutable(true);
    Path log = temp.resolve("interrupted.log");
    ProcessBuilder slowBuild = new ProcessBuilder("bash", "-c", buildScript(recipes)).redirectErrorStream(true).redirectOutput(log.toFile());
    slowBuild.environment().put("CHART_HARNESS_CACHE", cache.toString());
    slowBuild.environment().put("PATH", slowGo + java.io.File.pathSeparator + System.getenv("PATH"));
    Process interrupted = slowBuild.start();
    Await.until("the slow build is compiling", Duration.ofSeconds(30), Duration.ofMillis(50),
        () -> read(log).contains("compiling-") ? Await.done() : Await.pending(read(log)));
    java.util.List<ProcessHandle> descendants = interrupted.descendants().toList();
    java.util.List<ProcessHandle> ticker = interrupted.children()
        .filter(process -> process.info().command().map(command -> command.endsWith("bash")).orElse(false)).toList();
    assertThat(ticker).as("the recipe's ticker among " + descendants.stream().map(process -> process.info().commandLine().orElse("?")).toList()).hasSize(1);
    // The recipe's shell dies (the OOM killer, a timeout that kills one process); the compile it started and the
    // ticker are left. The ticker must end on its own.
    interrupted.destroyForcibly();
    assertThat(interrupted.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(ticker.get(0).onExit().get(15, java.util.concurrent.TimeUnit.SECONDS).isAlive()).as("the killed recipe's ticker").isFalse();
    descendants.forEach(ProcessHandle::destroyForcibly);
    assertThat(binary.resolveSibling("tiny.partial")).as("what the interrupted build left").exists();
    assertThat(binary).doesNotExist();

    HostProcess.Result next = build(recipes, cache);
    assertThat(next.exit()).as(next.output()).isZero();
    assertThat(next.output()).contains("tiny v1: built tiny");
    assertThat(HostProcess.command(binary.toString()).run().output()).isEqualTo("tiny ok\n");
    assertThat(HarnessCache.isIntact(binary)).isTrue();
    try (var left = Files.list(binary.getParent())) {
      assertThat(left.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("tiny", "tiny.sha256");
    }
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

  @Test
  @DisplayName("a file unwritten since its checksum was recorded or checked is not hashed again, by the recipes or the harness; a write makes both hash it")
  void unwrittenFileNotHashedAgain(@TempDir Path temp) throws IOException {
    Path image = temp.resolve("nginx-1.22.1.tar");
    Files.writeString(image, "layers");
    Path log = temp.resolve("sha256sum.log");
    // sha256sum as the recipes find it on PATH, counting its calls.
    Path tools = Files.createDirectories(temp.resolve("tools"));
    Files.writeString(tools.resolve("sha256sum"), "#!/bin/sh\necho \"$*\" >> " + log + "\nexec /usr/bin/sha256sum \"$@\"\n");
    tools.resolve("sha256sum").toFile().setExecutable(true);
    String script = "say() { echo \"$*\"; }\n. " + RECIPES.resolve("lib/checksums.sh") + "\n"
        + "record " + image + "\n"
        + "intact " + image + " && echo first-intact\n"
        + "intact " + image + " && echo second-intact\n";
    HostProcess.Result result = HostProcess.command("bash", "-c", script)
        .withEnvironment(Map.of("PATH", tools + java.io.File.pathSeparator + System.getenv("PATH"))).withTimeout(Duration.ofSeconds(30)).run();
    assertThat(result.output()).contains("first-intact", "second-intact");
    assertThat(Files.readAllLines(log)).as("sha256sum calls: the record's only").hasSize(1);
    Path record = temp.resolve("nginx-1.22.1.tar.sha256");
    assertThat(Files.getLastModifiedTime(record)).isEqualTo(Files.getLastModifiedTime(image));

    // The harness trusts the same rule: a record with the file's own time is not checked against the file...
    Files.writeString(record, "0".repeat(64) + "  nginx-1.22.1.tar\n");
    Files.setLastModifiedTime(record, Files.getLastModifiedTime(image));
    assertThat(HarnessCache.isIntact(image)).as("record with the file's time").isTrue();
    // ...and a write to the file, which gives it a new time, makes both hash it and find the mismatch.
    Files.writeString(image, "layerz");
    Files.setLastModifiedTime(image, FileTime.from(Instant.now().plus(Duration.ofSeconds(5))));
    assertThat(HarnessCache.isIntact(image)).as("written after the record").isFalse();
    HostProcess.Result written = HostProcess.command("bash", "-c", "say() { echo \"$*\"; }\n. " + RECIPES.resolve("lib/checksums.sh") + "\n"
        + "intact " + image + " || echo rebuild").withTimeout(Duration.ofSeconds(30)).run();
    assertThat(written.output()).contains("does not match the checksum", "rebuild");
    assertThat(image).doesNotExist();
  }

  @Test
  @DisplayName("images/lib.sh asks apt once per apt state: an answer is kept, a failed command is asked again")
  void aptAnsweredOncePerState(@TempDir Path temp) throws IOException {
    Path log = temp.resolve("apt.log");
    Path tools = Files.createDirectories(temp.resolve("tools"));
    // apt-cache as lib.sh finds it on PATH: answers a candidate for "known", fails for anything else.
    Files.writeString(tools.resolve("apt-cache"), "#!/bin/sh\necho \"$*\" >> " + log + "\n"
        + "[ \"$2\" = known ] || exit 100\nprintf 'known:\\n  Installed: (none)\\n  Candidate: 5:7.0.15-1~deb12u1\\n'\n");
    tools.resolve("apt-cache").toFile().setExecutable(true);
    String script = ". " + RECIPES.resolve("images/lib.sh") + "\n"
        + "upstream_version known; upstream_version known\n"
        + "apt_answer apt-cache policy unknown || echo failed-once; apt_answer apt-cache policy unknown || echo failed-twice\n"
        + "ls \"$out/apt-answers\" | wc -l\n";
    HostProcess.Result result = HostProcess.command("bash", "-c", script)
        .withEnvironment(Map.of("CHART_HARNESS_CACHE", temp.resolve("cache").toString(), "PATH", tools + java.io.File.pathSeparator + System.getenv("PATH")))
        .withTimeout(Duration.ofSeconds(60)).run();
    assertThat(result.output().lines().toList()).as(result.output()).containsSubsequence("7.0.15", "7.0.15", "failed-once", "failed-twice", "1");
    assertThat(Files.readAllLines(log)).as("apt-cache calls").containsExactly("policy known", "policy unknown", "policy unknown");
  }

  /** go-build.sh and checksums.sh beside a one-file Go module, go/tiny, that prints "tiny ok". */
  private static Path tinyRecipes(Path temp) throws IOException {
    Path recipes = temp.resolve("recipes");
    Files.createDirectories(recipes.resolve("lib"));
    Files.copy(RECIPES.resolve("lib/go-build.sh"), recipes.resolve("lib/go-build.sh"));
    Files.copy(RECIPES.resolve("lib/checksums.sh"), recipes.resolve("lib/checksums.sh"));
    Path module = Files.createDirectories(recipes.resolve("go/tiny"));
    Files.writeString(module.resolve("go.mod"), "module example.com/tiny\n\ngo 1.22\n");
    Files.writeString(module.resolve("main.go"), "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"tiny ok\") }\n");
    return recipes;
  }

  private static HostProcess.Result build(Path recipes, Path cache) {
    return HostProcess.command("bash", "-c", buildScript(recipes)).withEnvironment(Map.of("CHART_HARNESS_CACHE", cache.toString(), "GOFLAGS", "-mod=mod"))
        .withTimeout(Duration.ofMinutes(3)).run();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String buildScript(Path recipes) {
    return "set -euo pipefail\nrecipes=" + recipes + "\nlabel=test\n. \"$recipes/lib/go-build.sh\"\nbuild tiny v1 tiny \"\" \"\" tiny=example.com/tiny\n";
  }
}
