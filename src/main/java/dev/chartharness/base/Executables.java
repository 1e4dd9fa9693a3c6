package dev.chartharness.base;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Programs the user already has on PATH. */
public final class Executables {

  private Executables() {
  }

  /** Every executable named {@code name} in the PATH directories, in PATH order. */
  public static List<Path> allOnPath(String name) {
    List<Path> found = new ArrayList<>();
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!entry.isEmpty() && Files.isExecutable(Path.of(entry).resolve(name))) {
        found.add(Path.of(entry).resolve(name));
      }
    }
    return found;
  }

  /** The one the shell would run. */
  public static Optional<Path> onPath(String name) {
    return allOnPath(name).stream().findFirst();
  }
}
