package dev.chartharness.render;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One entry of a chart's {@code dependencies:} list.
 *
 * @param name the dependency chart's name
 * @param version the version constraint
 * @param repository where it comes from ({@code file://../frontend}, a repository URL or {@code oci://})
 * @param condition the values path that enables it, empty when always on
 */
public record ChartDependency(String name, String version, String repository, String condition) {

  private static final String FILE_SCHEME = "file://";

  /** The dependency's directory when it is a {@code file://} reference, resolved against the parent chart. */
  public Optional<Path> localDirectory(Path parentChart) {
    if (!repository.startsWith(FILE_SCHEME)) {
      return Optional.empty();
    }
    return Optional.of(parentChart.resolve(repository.substring(FILE_SCHEME.length())).normalize());
  }
}
