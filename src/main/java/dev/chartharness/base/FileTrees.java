package dev.chartharness.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Copying and removing directory trees: scratch copies of charts, extracted recipes, a cluster's work directory. */
public final class FileTrees {

  private FileTrees() {
  }

  /** Copies every directory and regular file below {@code from} to the same place below {@code to} (links are left out). */
  public static void copy(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Path destination = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(destination);
        } else if (Files.isRegularFile(source)) {
          Files.copy(source, destination);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }

  /** Removes a tree, deepest first; best effort (a scratch directory left in the temp folder is harmless). */
  public static void delete(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // Best effort.
    }
  }
}
