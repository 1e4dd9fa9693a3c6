package dev.chartharness.render;

import dev.chartharness.base.FileTrees;
import dev.chartharness.base.HarnessCache;
import dev.chartharness.base.HostProcess;
import dev.chartharness.base.Recipes;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The Helm 4 CLI binary that the harness's {@code helm-binaries.sh} recipe builds from Go modules and records in
 * {@code <cache>/bin/helm.properties}: the reference the harness renders against (parity tests, bench) and the
 * CLI release backend. {@code HARNESS_HELM} (or {@code -Dharness.helm}) names another binary instead; without
 * either and without a built one, a Helm 4 {@code helm} on PATH is used before anything is built.
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
    // A binary that no longer matches the checksum recorded at build is as good as missing: the recipe builds it again.
    return Files.isExecutable(binary) && HarnessCache.isIntact(binary) ? new HelmCli(binary, properties.getProperty("helm.version", "unknown")) : null;
  }

  /** The binary, built first by the {@link #RECIPE} recipe when missing (minutes, once; progress printed). */
  public static HelmCli locateOrBuild() {
    HelmCli found = find();
    if (found != null) {
      return found;
    }
    HelmCli onPath = onPath();
    if (onPath != null) {
      return onPath;
    }
    Recipes.run(RECIPE, "building the Helm CLI");
    HelmCli built = find();
    if (built == null) {
      throw new IllegalStateException(RECIPE + " succeeded but " + HarnessCache.directory().resolve(MANIFEST) + " names no helm binary");
    }
    return built;
  }

  /** A Helm 4 {@code helm} on PATH, the user's own; null when there is none (a Helm 3 there is not taken). */
  public static HelmCli onPath() {
    for (Path candidate : dev.chartharness.base.Executables.allOnPath("helm")) {
      HostProcess.Result version = HostProcess.command(candidate.toString(), "version", "--short").withTimeout(java.time.Duration.ofSeconds(30)).run();
      if (version.succeeded() && version.output().strip().startsWith("v4")) {
        return new HelmCli(candidate, version.output().strip().replaceFirst("\\+.*$", ""));
      }
    }
    return null;
  }

  /** Runs {@code helm ARGS...} in {@code directory}; the result keeps standard output and standard error apart. */
  public HostProcess.Result run(Path directory, String... args) {
    return run(directory, java.util.Map.of(), args);
  }

  /** As {@link #run(Path, String...)}, with environment variables (KUBECONFIG, say) added. */
  public HostProcess.Result run(Path directory, java.util.Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    // Helm reads no user configuration: the run does not depend on (or write) ~/.config/helm.
    Path home = HelmCliHome.directory();
    return HostProcess.command(command).in(directory).separatingStreams()
        .withEnvironment("HELM_CONFIG_HOME", home.resolve("config").toString())
        .withEnvironment("HELM_CACHE_HOME", home.resolve("cache").toString())
        .withEnvironment("HELM_DATA_HOME", home.resolve("data").toString())
        .withEnvironment(environment)
        .run();
  }

  /** {@code helm ARGS...}, failing with Helm's exit status and last lines when it exits non-zero; returns standard output. */
  public String call(Path directory, String... args) {
    return run(directory, args).orThrow();
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> FileTrees.delete(home), "remove-" + home.getFileName()));
        return home;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a Helm home: " + e.getMessage(), e);
      }
    }
  }
}
