package dev.chartharness.render;

import dev.chartharness.base.HarnessCache;
import dev.chartharness.base.Recipes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Helm 4 CLI binary that the harness's {@code helm-binaries.sh} recipe builds from Go modules and records in
 * {@code <cache>/bin/helm.properties}: the reference the harness renders against (parity tests, bench).
 * {@code HARNESS_HELM} (or {@code -Dharness.helm}) names another binary instead.
 *
 * @param binary the executable
 * @param version the version it was built as ({@code v4.3.1}), or {@code unknown} for a given binary
 */
public record HelmCli(Path binary, String version) {

  public static final String MANIFEST = "bin/helm.properties";
  /** The harness's recipe that builds it from Go modules. */
  public static final String RECIPE = "helm-binaries.sh";

  /** The binary named by {@code -Dharness.helm} / {@code HARNESS_HELM}, else the built one; null when there is none. */
  public static HelmCli find() {
    String given = System.getProperty("harness.helm", System.getenv("HARNESS_HELM"));
    if (given != null && !given.isBlank()) {
      Path binary = Path.of(given);
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException("harness.helm / HARNESS_HELM names " + binary + ", which is not an executable file");
      }
      return new HelmCli(binary, "unknown");
    }
    Path manifest = HarnessCache.directory().resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return null;
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(manifest)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest, e);
    }
    Path binary = Path.of(properties.getProperty("helm", ""));
    return Files.isExecutable(binary) ? new HelmCli(binary, properties.getProperty("helm.version", "unknown")) : null;
  }

  /** The binary, built first by the {@link #RECIPE} recipe when missing (minutes, once; progress printed). */
  public static HelmCli locateOrBuild() {
    HelmCli found = find();
    if (found != null) {
      return found;
    }
    Recipes.run(RECIPE, "building the Helm CLI");
    HelmCli built = find();
    if (built == null) {
      throw new IllegalStateException(RECIPE + " succeeded but " + HarnessCache.directory().resolve(MANIFEST) + " names no helm binary");
    }
    return built;
  }

  /** Runs {@code helm ARGS...} in {@code directory}; the result carries exit code, standard output and standard error. */
  public Result run(Path directory, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    return run(command, directory);
  }

  /** {@code helm ARGS...}, failing with Helm's standard error when it exits non-zero; returns standard output. */
  public String call(Path directory, String... args) {
    Result result = run(directory, args);
    if (result.exit() != 0) {
      throw new IllegalStateException("helm " + String.join(" ", args) + " exited " + result.exit() + ": " + result.stderr().strip());
    }
    return result.stdout();
  }

  /**
   * What a process left behind.
   *
   * @param exit its exit code
   * @param stdout its standard output
   * @param stderr its standard error
   */
  public record Result(int exit, String stdout, String stderr) {

    /** The last lines of standard error (or output), for messages. */
    public String tail() {
      String text = stderr.isBlank() ? stdout : stderr;
      List<String> lines = text.lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
  }

  private static Result run(List<String> command, Path directory) {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    // Helm reads no user configuration: the run does not depend on (or write) ~/.config/helm.
    Path home = HelmCliHome.directory();
    builder.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
    builder.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
    builder.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> stdout = drain(process.getInputStream());
      CompletableFuture<String> stderr = drain(process.getErrorStream());
      if (!process.waitFor(60, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within 60 minutes");
      }
      return new Result(process.exitValue(), stdout.join(), stderr.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (stream) {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = stream.read(buffer)) >= 0) {
          bytes.write(buffer, 0, read);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toString(StandardCharsets.UTF_8);
    });
  }

  /** One throwaway Helm home per JVM. */
  private static final class HelmCliHome {
    private static final Path DIRECTORY = create();

    static Path directory() {
      return DIRECTORY;
    }

    private static Path create() {
      try {
        Path home = Files.createTempDirectory("chart-harness-helm-home-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ScratchChart.deleteTree(home), "remove-" + home.getFileName()));
        return home;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a Helm home: " + e.getMessage(), e);
      }
    }
  }
}
