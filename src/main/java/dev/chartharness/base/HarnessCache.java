package dev.chartharness.base;

import java.nio.file.Path;

/**
 * Where the harness keeps what it builds once per machine: binaries ({@code bin/<component>-<version>/}),
 * images ({@code images/}), extracted recipes ({@code recipes/}). {@code $CHART_HARNESS_CACHE} (or
 * {@code -Dharness.cache}), else {@code $XDG_CACHE_HOME/chart-harness}, else {@code ~/.cache/chart-harness}.
 */
public final class HarnessCache {

  private HarnessCache() {
  }

  public static Path directory() {
    String explicit = System.getProperty("harness.cache", System.getenv("CHART_HARNESS_CACHE"));
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("chart-harness");
  }
}
