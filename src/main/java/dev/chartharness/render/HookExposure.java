package dev.chartharness.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Makes Helm hooks visible to an offline render. helm-java's template returns the release manifest
 * without its hooks (the CLI appends them), so a chart whose templates declare {@code helm.sh/hook}
 * is rendered from a scratch copy of its local chart tree in which the hook annotations carry a
 * stand-in key: Helm then renders them as ordinary objects, and {@link #restore} puts the real keys
 * back. Copies are made once per chart tree content and reused.
 */
final class HookExposure {

  private static final String HOOK_KEY = "helm.sh/hook";
  private static final String STAND_IN = "chart-harness.dev/exposed-hook";
  private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();

  private HookExposure() {
  }

  /**
   * The directory to render instead of {@code chartDirectory}: a hook-exposing copy when the chart
   * tree has hooks and all of it is local, else the chart itself.
   */
  static synchronized Path renderableDirectory(Path chartDirectory) {
    Set<Path> tree = localTree(chartDirectory);
    if (tree == null || tree.stream().noneMatch(HookExposure::declaresHooks)) {
      return chartDirectory;
    }
    Path root = chartDirectory.getParent();
    if (!tree.stream().allMatch(chart -> chart.getParent().equals(root))) {
      return chartDirectory;
    }
    String key = chartDirectory + "@" + fingerprint(tree);
    Path existing = COPIES.get(key);
    if (existing != null && Files.isDirectory(existing)) {
      return existing;
    }
    try {
      Path scratch = Files.createTempDirectory("chart-harness-hooks-");
      removeAtExit(scratch);
      for (Path chart : tree) {
        copyExposingHooks(chart, scratch.resolve(chart.getFileName().toString()));
      }
      Path copy = scratch.resolve(chartDirectory.getFileName().toString());
      DependencyBuild.ensureBuilt(copy);
      COPIES.put(key, copy);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a hook-exposing copy of " + chartDirectory + ": " + e.getMessage(), e);
    }
  }

  /** The copies are reused for the whole JVM and removed when it exits (not left in the temp directory). */
  private static void removeAtExit(Path scratch) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (Stream<Path> paths = Files.walk(scratch)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException ignored) {
        // Best effort at exit.
      }
    }, "remove-" + scratch.getFileName()));
  }

  /** Puts the real {@code helm.sh/hook*} annotation keys back on an object rendered from a copy. */
  static void restore(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    if (annotations == null || annotations.keySet().stream().noneMatch(key -> key.startsWith(STAND_IN))) {
      return;
    }
    Map<String, String> restored = new LinkedHashMap<>();
    annotations.forEach((key, value) -> restored.put(key.startsWith(STAND_IN) ? HOOK_KEY + key.substring(STAND_IN.length()) : key, value));
    object.getMetadata().setAnnotations(restored);
  }

  /** The chart and every chart it reaches through file:// dependencies; null when one is not a directory. */
  private static Set<Path> localTree(Path chartDirectory) {
    Set<Path> tree = new LinkedHashSet<>();
    Deque<Path> pending = new ArrayDeque<>();
    pending.push(chartDirectory);
    while (!pending.isEmpty()) {
      Path chart = pending.pop();
      if (!tree.add(chart)) {
        continue;
      }
      Chart loaded = Chart.load(chart);
      if (loaded.localDependencyDirectories().size() != loaded.dependencies().size()) {
        return null;
      }
      loaded.localDependencyDirectories().forEach(pending::push);
    }
    return tree;
  }

  private static boolean declaresHooks(Path chart) {
    try (Stream<Path> files = Files.walk(chart.resolve("templates"))) {
      return files.filter(Files::isRegularFile).anyMatch(file -> read(file).contains(HOOK_KEY));
    } catch (IOException e) {
      return false;
    }
  }

  private static String fingerprint(Set<Path> tree) {
    StringBuilder fingerprint = new StringBuilder();
    for (Path chart : tree) {
      try (Stream<Path> files = Files.walk(chart)) {
        files.filter(Files::isRegularFile).filter(file -> !chart.relativize(file).startsWith("charts")).sorted().forEach(file -> {
          try {
            fingerprint.append(file).append(':').append(Files.size(file)).append(':').append(Files.getLastModifiedTime(file).toMillis()).append(';');
          } catch (IOException e) {
            fingerprint.append(file).append(":?;");
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Integer.toHexString(fingerprint.toString().hashCode()) + "-" + fingerprint.length();
  }

  /** Copies a chart without its built dependencies, replacing the hook annotation key in its templates. */
  private static void copyExposingHooks(Path chart, Path target) throws IOException {
    try (Stream<Path> paths = Files.walk(chart)) {
      for (Path source : paths.toList()) {
        Path relative = chart.relativize(source);
        if (relative.startsWith("charts") || relative.toString().equals("Chart.lock")) {
          continue;
        }
        Path destination = target.resolve(relative.toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else if (relative.startsWith("templates")) {
          Files.writeString(destination, read(source).replace(HOOK_KEY, STAND_IN), StandardCharsets.UTF_8);
        } else {
          Files.copy(source, destination);
        }
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
