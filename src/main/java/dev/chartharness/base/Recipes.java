package dev.chartharness.base;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The build recipes the harness carries in its jar ({@code dev/chartharness/recipes}): Go wrapper modules
 * (go.mod, go.sum) and the scripts that build the local control plane, the real node, CoreDNS, Traefik,
 * the Helm CLI and the cluster's base images into {@link HarnessCache}. They are extracted once per content
 * to {@code <cache>/recipes/<digest>/} and run from there, so a project that depends on the harness needs
 * nothing of this repository. {@code INDEX} lists the files (a test keeps it complete).
 */
public final class Recipes {

  static final String ROOT = "/dev/chartharness/recipes/";

  private Recipes() {
  }

  /** The files the jar carries, as listed in {@code INDEX}. */
  static List<String> index() {
    String text = new String(read("INDEX"), StandardCharsets.UTF_8);
    return text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
  }

  /** The extracted recipes, extracting them first when this content is not there yet. */
  public static synchronized Path directory() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String file : index()) {
      files.put(file, read(file));
    }
    MessageDigest digest = Digests.sha256();
    files.forEach((name, content) -> {
      digest.update(name.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(content);
    });
    Path target = HarnessCache.directory().resolve("recipes").resolve(HexFormat.of().formatHex(digest.digest()).substring(0, 16));
    if (Files.isRegularFile(target.resolve(".complete"))) {
      return target;
    }
    try {
      Files.createDirectories(target.getParent());
      Path staging = Files.createTempDirectory(target.getParent(), "extracting-");
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path destination = staging.resolve(file.getKey());
        Files.createDirectories(destination.getParent());
        Files.write(destination, file.getValue());
        if (file.getKey().endsWith(".sh") || file.getKey().endsWith(".py")) {
          destination.toFile().setExecutable(true, false);
        }
      }
      Files.writeString(staging.resolve(".complete"), "extracted from the harness's jar\n");
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException raced) {
        // Another JVM extracted the same content first: use its copy.
        FileTrees.delete(staging);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract the harness's build recipes to " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs a recipe ({@code cluster-binaries.sh}, {@code real-node.sh}, ...) from the extracted copy, its output
   * on standard error line by line; fails naming the recipe, its exit code and the last lines it printed.
   */
  public static void run(String recipe, String purpose) {
    Path script = directory().resolve(recipe);
    if (!Files.isRegularFile(script)) {
      throw new IllegalArgumentException("the harness carries no recipe " + recipe + "; it has " + index());
    }
    // Cold builds take tens of minutes on 2 cores; the recipes print their own progress.
    HostProcess.Result result = HostProcess.command("bash", script.toString()).echoingTo(System.err).withTimeout(java.time.Duration.ofHours(2)).run();
    if (!result.succeeded()) {
      throw new RecipeFailedException(recipe + " (" + purpose + ") failed" + (result.exit() < 0 ? "" : " with exit code " + result.exit())
          + "; its last lines:\n  " + result.tail());
    }
  }

  /** A recipe that could not run or exited non-zero. */
  public static final class RecipeFailedException extends RuntimeException {
    RecipeFailedException(String message) {
      super(message);
    }

    RecipeFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static byte[] read(String file) {
    try (InputStream stream = Recipes.class.getResourceAsStream(ROOT + file)) {
      if (stream == null) {
        throw new IllegalStateException("the harness's jar lacks " + ROOT + file + " (listed in " + ROOT + "INDEX)");
      }
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + ROOT + file + ": " + e.getMessage(), e);
    }
  }

}
