package dev.chartharness.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where a repository keeps its charts and environments: {@code charts/<name>/} and {@code values/<environment>/}.
 *
 * @param root the repository's top directory
 */
public record ProjectLayout(Path root) {

  public ProjectLayout {
    root = root.toAbsolutePath().normalize();
  }

  /** The layout rooted at {@code -Dharness.repository}, else the working directory. */
  public static ProjectLayout current() {
    return new ProjectLayout(Path.of(System.getProperty("harness.repository", "")));
  }

  public Path chartsDirectory() {
    return root.resolve("charts");
  }

  public Path valuesDirectory() {
    return root.resolve("values");
  }

  /**
   * The values that select the images {@code ci/images/build-images.sh} builds (no registry is needed):
   * {@code ci/images/values/<application>.yaml}, layered last on a real-pods cluster.
   */
  public Path localImageValues(String application) {
    return root.resolve("ci/images/values").resolve(application + ".yaml");
  }

  public Path chart(String name) {
    return chartsDirectory().resolve(name);
  }

  /** Every chart under {@code charts/}, libraries included, by name. */
  public List<Chart> charts() {
    try (Stream<Path> directories = Files.list(chartsDirectory())) {
      return directories.filter(directory -> Files.isRegularFile(directory.resolve("Chart.yaml")))
          .map(Chart::load).sorted(Comparator.comparing(Chart::name)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + chartsDirectory() + ": " + e.getMessage(), e);
    }
  }

  /** Charts that install something (not libraries). */
  public List<Chart> installableCharts() {
    return charts().stream().filter(chart -> !chart.isLibrary()).toList();
  }

  /** Charts that the environments configure: those with a values file in some environment directory. */
  public List<Chart> applicationCharts() {
    Environments environments = environments();
    return installableCharts().stream()
        .filter(chart -> environments.all().stream().anyMatch(environment -> environment.covers(valuesDirectory(), chart.name())))
        .toList();
  }

  /**
   * Every installable chart with no values file, and again with each environment that has a values file
   * for it: the cases the tests and the benchmark render.
   */
  public List<ChartEnvironment> chartEnvironments() {
    Environments environments = environments();
    List<ChartEnvironment> cases = new ArrayList<>();
    for (Chart chart : installableCharts()) {
      cases.add(new ChartEnvironment(chart, Environment.DEFAULTS));
      for (Environment environment : environments.all()) {
        if (environment.covers(valuesDirectory(), chart.name())) {
          cases.add(new ChartEnvironment(chart, environment));
        }
      }
    }
    return cases;
  }

  /**
   * A chart and the environment whose values it is rendered with.
   *
   * @param chart the chart
   * @param environment the environment; {@link Environment#DEFAULTS} for no values file
   */
  public record ChartEnvironment(Chart chart, Environment environment) {
  }

  public Environments environments() {
    return Environments.load(valuesDirectory());
  }
}
