package dev.chartharness.render;

import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code helm dependency build} for a chart and, first, for every {@code file://} dependency below it.
 *
 * <p>Helm packages a local dependency exactly as its directory stands, so a dependency's own
 * {@code charts/} must be complete before its parent is built: leaf charts go first.
 * Each chart directory is built once per JVM.
 */
public final class DependencyBuild {

  private static final Set<Path> BUILT = new HashSet<>();

  private DependencyBuild() {
  }

  /** Builds the dependencies of {@code chartDirectory} and of its local dependencies, leaf first. */
  public static synchronized void ensureBuilt(Path chartDirectory) {
    buildLeafFirst(chartDirectory.toAbsolutePath().normalize(), BUILT, new ArrayDeque<>());
  }

  /**
   * Builds the dependencies of every chart again, leaf first, whatever this JVM built before: a package
   * must hold its dependencies as they are on disk now, even when a chart changed since the last build.
   */
  public static synchronized void rebuild(List<Path> chartDirectories) {
    Set<Path> built = new HashSet<>();
    chartDirectories.forEach(directory -> buildLeafFirst(directory.toAbsolutePath().normalize(), built, new ArrayDeque<>()));
    BUILT.addAll(built);
  }

  private static void buildLeafFirst(Path directory, Set<Path> built, Deque<Path> visiting) {
    if (built.contains(directory)) {
      return;
    }
    if (visiting.contains(directory)) {
      throw new ChartRenderException(directory, List.of(), "dependency cycle: " + visiting);
    }
    visiting.push(directory);
    Chart chart = Chart.load(directory);
    for (Path dependency : chart.localDependencyDirectories()) {
      buildLeafFirst(dependency, built, visiting);
    }
    if (!chart.dependencies().isEmpty()) {
      try {
        new Helm(directory).dependency().build().skipRefresh().call();
      } catch (IllegalStateException e) {
        throw new ChartRenderException(directory, List.of(), "helm dependency build failed: " + e.getMessage(), e);
      }
    }
    visiting.pop();
    built.add(directory);
  }
}
