package dev.chartharness.publish;

import com.marcnuri.helm.Helm;
import dev.chartharness.render.Chart;
import dev.chartharness.render.ChartRenderException;
import dev.chartharness.render.ScratchChart;
import dev.chartharness.render.ProjectLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    List<Path> resolved = new ArrayList<>();
    for (Chart chart : charts) {
      try {
        resolved.add(ScratchChart.resolved(chart.directory()));
      } catch (ChartRenderException e) {
        throw new PublishException(chart.name(), chart.version(), e.helmMessage(), e);
      }
    }
    List<ChartArchive> archives = new ArrayList<>();
    for (int i = 0; i < charts.size(); i++) {
      archives.add(packageChart(charts.get(i), resolved.get(i)));
    }
    return List.copyOf(archives);
  }

  /** Packages the chart's resolved copy: its dependencies as they stand now, its own tree untouched. */
  private ChartArchive packageChart(Chart chart, Path resolved) {
    Path archive = destination.resolve(ChartArchive.fileName(chart.name(), chart.version()));
    try {
      Files.deleteIfExists(archive);
      new Helm(resolved).packageIt().withDestination(destination).call();
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
}
