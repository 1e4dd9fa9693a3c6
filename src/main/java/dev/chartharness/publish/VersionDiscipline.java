package dev.chartharness.publish;

import com.marcnuri.helm.Helm;
import dev.chartharness.base.HostProcess;
import dev.chartharness.render.Chart;
import dev.chartharness.render.ProjectLayout;
import dev.chartharness.render.ScratchChart;
import dev.chartharness.render.SemanticVersion;
import dev.chartharness.validate.Finding;
import dev.chartharness.validate.UpgradeBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Version discipline against git, by content: a chart whose packaged content (its files and its dependencies',
 * {@link ArchiveContent}) changed since a base ref while its {@code version:} did not is an error naming the chart;
 * a version that went down is one too. The base is the merge-base of HEAD with the target branch unless given.
 * {@link #changedSince} names the charts that changed, and those that depend on them, for {@code --since}.
 */
public final class VersionDiscipline {

  /** The branch a change is compared with when no base is given: {@code $HARNESS_TARGET_BRANCH}, else {@code origin/main}, else {@code main}. */
  public static String defaultBase(Path repository) {
    String target = System.getenv().getOrDefault("HARNESS_TARGET_BRANCH", "");
    for (String branch : target.isBlank() ? List.of("origin/main", "main") : List.of(target)) {
      HostProcess.Result base = HostProcess.command("git", "-C", repository.toString(), "merge-base", "HEAD", branch).run();
      if (base.succeeded()) {
        return base.output().strip();
      }
    }
    throw new IllegalArgumentException("no base: " + repository + " has no branch " + (target.isBlank() ? "origin/main or main" : target)
        + " to take the merge-base with; give one (--since REF)");
  }

  /**
   * What a chart's comparison found.
   *
   * @param chart the chart's name
   * @param baseVersion its version at the base, empty when it is new
   * @param version its version now
   * @param contentChanged true when its packaged content differs from the base's
   */
  public record ChartChange(String chart, String baseVersion, String version, boolean contentChanged) {
  }

  /** Every chart of {@code layout} compared with {@code base}; packages are made in {@code scratch}. */
  public static List<ChartChange> compare(ProjectLayout layout, UpgradeBase base, Path scratch) {
    List<ChartChange> changes = new ArrayList<>();
    for (Chart chart : layout.charts()) {
      Optional<Path> before = base.chart(chart.directory());
      if (before.isEmpty()) {
        changes.add(new ChartChange(chart.name(), "", chart.version(), true));
        continue;
      }
      String baseVersion = Chart.load(before.get()).version();
      boolean changed = !digest(before.get(), scratch.resolve("base")).equals(digest(chart.directory(), scratch.resolve("now")));
      changes.add(new ChartChange(chart.name(), baseVersion, chart.version(), changed));
    }
    return changes;
  }

  /** The findings: content changed under the same version, or a version that went down. */
  public static List<Finding> findings(List<ChartChange> changes, String baseRef) {
    List<Finding> findings = new ArrayList<>();
    for (ChartChange change : changes) {
      if (change.baseVersion().isEmpty()) {
        continue;
      }
      if (change.contentChanged() && change.baseVersion().equals(change.version())) {
        findings.add(Finding.error("version", "Chart/" + change.chart(), "version", "its packaged content changed since " + baseRef
            + " but its version is still " + change.version() + "; bump version in Chart.yaml (and in the charts that depend on it)"));
      } else if (SemanticVersion.parse(change.version()).compareTo(SemanticVersion.parse(change.baseVersion())) < 0) {
        findings.add(Finding.error("version", "Chart/" + change.chart(), "version", "went down: " + change.baseVersion() + " at " + baseRef
            + " -> " + change.version()));
      }
    }
    return findings;
  }

  /** The charts whose content changed, and every chart that depends on one of them (through file:// dependencies). */
  public static Set<String> changedSince(ProjectLayout layout, List<ChartChange> changes) {
    Set<String> changed = new LinkedHashSet<>();
    changes.stream().filter(ChartChange::contentChanged).map(ChartChange::chart).forEach(changed::add);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Chart chart : layout.charts()) {
        if (!changed.contains(chart.name()) && chart.dependencies().stream().anyMatch(dependency -> changed.contains(dependency.name()))) {
          grew = changed.add(chart.name());
        }
      }
    }
    return changed;
  }

  /** The content digest of the chart as Helm would package it (dependencies in place), packed in {@code directory}. */
  private static String digest(Path chart, Path directory) {
    try {
      Files.createDirectories(directory);
      Path resolved = ScratchChart.resolved(chart);
      Path destination = Files.createTempDirectory(directory, "package-");
      new Helm(resolved).packageIt().withDestination(destination).call();
      try (Stream<Path> archives = Files.list(destination)) {
        return ArchiveContent.digest(archives.filter(file -> file.toString().endsWith(".tgz")).findFirst()
            .orElseThrow(() -> new IllegalStateException("helm package of " + chart + " wrote no archive")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private VersionDiscipline() {
  }
}
