package dev.chartharness.publish;

import dev.chartharness.render.Chart;
import java.nio.file.Path;

/**
 * A packaged chart: the {@code .tgz} that {@code helm package} wrote for it.
 *
 * @param chart the chart it was packaged from
 * @param file the archive, {@code <name>-<version>.tgz}
 * @param digest SHA-256 of the archive's bytes (hex), as a repository index records it
 * @param contentDigest SHA-256 of the archive's files, independent of packing time (see {@link ArchiveContent})
 */
public record ChartArchive(Chart chart, Path file, String digest, String contentDigest) {

  /** Reads the digests of an archive that {@code helm package} wrote for {@code chart}. */
  public static ChartArchive of(Chart chart, Path file) {
    return new ChartArchive(chart, file, ArchiveContent.fileDigest(file), ArchiveContent.digest(file));
  }

  public String name() {
    return chart.name();
  }

  public String version() {
    return chart.version();
  }

  /** {@code <name>-<version>.tgz}, the file name Helm gives a packaged chart. */
  public String fileName() {
    return fileName(chart.name(), chart.version());
  }

  static String fileName(String name, String version) {
    return name + "-" + version + ".tgz";
  }
}
