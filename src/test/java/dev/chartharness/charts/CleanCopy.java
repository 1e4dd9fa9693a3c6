package dev.chartharness.charts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of a charts directory as a clean checkout has it: a developer's build output (each chart's charts/ and Chart.lock) left out. */
public final class CleanCopy {

  private CleanCopy() {
  }

  /** Copies {@code from} to {@code to}; {@code keepVendored} keeps charts/ below each chart (vendored dependencies, as the corpus has them). */
  public static void copy(Path from, Path to, boolean keepVendored) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path relative = from.relativize(source);
        boolean buildOutput = !keepVendored && relative.getNameCount() > 1 && relative.getName(1).toString().equals("charts");
        if (buildOutput || relative.toString().endsWith("Chart.lock")) {
          continue;
        }
        Path destination = to.resolve(relative.toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(source, destination);
        }
      }
    }
  }
}
