package dev.chartharness.publish;

import com.marcnuri.helm.Helm;
import dev.chartharness.charts.CleanCopy;
import dev.chartharness.render.Chart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Chart packages for provenance tests: packaged, signed, and tampered with after signing. */
public final class SignedPackages {

  private SignedPackages() {
  }

  /** {@code helm package} (embedded Helm) of the chart directory into {@code directory}; returns the archive. */
  public static Path packaged(Path chart, Path directory) {
    new Helm(chart).packageIt().withDestination(directory).call();
    Chart loaded = Chart.load(chart);
    return directory.resolve(loaded.name() + "-" + loaded.version() + ".tgz");
  }

  /** The chart packaged into {@code directory} and signed with {@code key}: the archive, its .prov beside it. */
  public static Path signed(Path chart, Path directory, ThrowawayKey key) {
    Path archive = packaged(chart, directory);
    Provenance.sign(archive, key.signingKey());
    return archive;
  }

  /**
   * Replaces {@code archive} (keeping its .prov) with a package of the same chart, name and version with one template
   * added: what a tampered package looks like. {@code work} is scratch space.
   */
  public static void tamper(Path archive, Path chart, Path work) {
    try {
      Path changed = Files.createTempDirectory(work, "tampered");
      CleanCopy.copy(chart, changed.resolve("chart"), false);
      Files.writeString(changed.resolve("chart/templates/_added-after-signing.tpl"), "{{/* added after signing */}}\n");
      Files.copy(packaged(changed.resolve("chart"), changed.resolve("package")), archive, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tamper with " + archive + ": " + e.getMessage(), e);
    }
  }
}
