package dev.chartharness.publish;

import com.marcnuri.helm.Helm;
import dev.chartharness.render.Chart;
import dev.chartharness.render.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code helm package} for every chart of a repository, libraries included, into one directory.
 *
 * <pre>{@code
 * List<ChartArchive> archives = PackageCommand.charts(ProjectLayout.current()).toDirectory(Path.of("target/charts")).call();
 * }</pre>
 */
public final class PackageCommand {

  private final ProjectLayout layout;
  private Path destination;

  private PackageCommand(ProjectLayout layout) {
    this.layout = layout;
  }

  public static PackageCommand charts(ProjectLayout layout) {
    return new PackageCommand(layout);
  }

  /** Where the archives go; created when missing. */
  public PackageCommand toDirectory(Path directory) {
    this.destination = directory.toAbsolutePath().normalize();
    return this;
  }

  /** Packages every chart under {@code charts/}, by name. */
  public List<ChartArchive> call() {
    if (destination == null) {
      throw new IllegalStateException("no destination: call toDirectory(...) first");
    }
    try {
      Files.createDirectories(destination);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + destination + ": " + e.getMessage(), e);
    }
    List<Chart> charts = layout.charts();
    // DependencyBuild builds each chart once per JVM; a package must hold the dependencies as they are on disk now.
    Set<Path> built = new HashSet<>();
    charts.forEach(chart -> buildDependenciesLeafFirst(chart.directory(), built, new ArrayDeque<>()));
    List<ChartArchive> archives = new ArrayList<>();
    for (Chart chart : charts) {
      archives.add(packageChart(chart));
    }
    return List.copyOf(archives);
  }

  private ChartArchive packageChart(Chart chart) {
    Path archive = destination.resolve(ChartArchive.fileName(chart.name(), chart.version()));
    try {
      Files.deleteIfExists(archive);
      new Helm(chart.directory()).packageIt().withDestination(destination).call();
    } catch (IllegalStateException e) {
      throw new PublishException(chart.name(), chart.version(), "helm package failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace " + archive + ": " + e.getMessage(), e);
    }
    if (!Files.isRegularFile(archive)) {
      throw new PublishException(chart.name(), chart.version(), "helm package wrote no " + archive);
    }
    return ChartArchive.of(chart, archive);
  }

  private static void buildDependenciesLeafFirst(Path directory, Set<Path> built, Deque<Path> visiting) {
    if (built.contains(directory)) {
      return;
    }
    Chart chart = Chart.load(directory);
    if (visiting.contains(directory)) {
      throw new PublishException(chart.name(), chart.version(), "dependency cycle: " + visiting);
    }
    visiting.push(directory);
    for (Path dependency : chart.localDependencyDirectories()) {
      buildDependenciesLeafFirst(dependency, built, visiting);
    }
    if (!chart.dependencies().isEmpty()) {
      try {
        new Helm(directory).dependency().build().skipRefresh().call();
      } catch (IllegalStateException e) {
        throw new PublishException(chart.name(), chart.version(), "helm dependency build failed: " + e.getMessage(), e);
      }
    }
    visiting.pop();
    built.add(directory);
  }
}
