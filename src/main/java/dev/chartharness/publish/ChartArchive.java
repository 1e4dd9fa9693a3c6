package dev.chartharness.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.chartharness.render.Chart;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  /** The chart's Chart.yaml as it was packaged: what a repository index and Artifact Hub's metadata take from it. */
  JsonNode chartYaml() {
    Path file = chart.directory().resolve("Chart.yaml");
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code <name>-<version>.tgz}, the file name Helm gives a packaged chart. */
  public String fileName() {
    return fileName(chart.name(), chart.version());
  }

  static String fileName(String name, String version) {
    return name + "-" + version + ".tgz";
  }
}
