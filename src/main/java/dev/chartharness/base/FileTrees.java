package dev.chartharness.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
    deletionOrder(root, null).forEach(path -> path.toFile().delete());
  }

  /**
   * Removes a tree like {@link #delete(Path)}, but {@code last} (a file directly in {@code root}, such as the
   * owner's PID file) goes only after everything else: a process killed half-way leaves a directory that still
   * names its dead owner, so the next start recognises it as abandoned and finishes the job.
   */
  public static void deleteLast(Path root, String last) {
    deletionOrder(root, last).forEach(path -> path.toFile().delete());
  }

  /** The order {@link #deleteLast} removes paths in: deepest first, then {@code root/last}, then {@code root}. */
  static List<Path> deletionOrder(Path root, String last) {
    if (root == null || !Files.exists(root)) {
      return List.of();
    }
    Path lastPath = last == null ? null : root.resolve(last);
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> order = new ArrayList<>(paths.sorted(Comparator.reverseOrder())
          .filter(path -> !path.equals(root) && !path.equals(lastPath)).toList());
      if (lastPath != null && Files.exists(lastPath)) {
        order.add(lastPath);
      }
      order.add(root);
      return order;
    } catch (IOException | UncheckedIOException ignored) {
      return List.of(root); // Best effort.
    }
  }
}
