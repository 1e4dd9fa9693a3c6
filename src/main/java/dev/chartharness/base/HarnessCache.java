package dev.chartharness.base;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the harness keeps what it builds once per machine: binaries ({@code bin/<component>-<version>/}),
 * images ({@code images/}), extracted recipes ({@code recipes/}). {@code $CHART_HARNESS_CACHE} (or
 * {@code -Dharness.cache}), else {@code $XDG_CACHE_HOME/chart-harness}, else {@code ~/.cache/chart-harness}.
 *
 * <p>Every file a recipe caches has its SHA-256 recorded beside it when it is built ({@code FILE.sha256}, in
 * {@code sha256sum}'s format); {@link #isIntact} compares the two, so a corrupt or truncated binary or image is
 * built again rather than failing in the middle of a run.
 */
public final class HarnessCache {

  /** Files already found intact by this JVM, with the size and modification time they had then. */
  private static final Map<Path, String> VERIFIED = new ConcurrentHashMap<>();

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

  /**
   * Whether {@code file} exists with a checksum recorded beside it that it matches; hashed once per JVM while its
   * size and modification time stay the same, and not at all while the record has the file's own modification time
   * (the recipes set it when they record or check the checksum, and any write to the file changes the file's). False for a file without a record: the recipe that made it records
   * one (or rebuilds it) when run.
   */
  public static boolean isIntact(Path file) {
    Path record = record(file);
    try {
      if (!Files.isRegularFile(file) || !Files.isRegularFile(record)) {
        return false;
      }
      String stamp = Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
      // The recipes give the record the file's time when they write or check it: the file is unwritten since.
      if (stamp.equals(VERIFIED.get(file)) || Files.getLastModifiedTime(record).equals(Files.getLastModifiedTime(file))) {
        return true;
      }
      if (!recordedSha256(file).equalsIgnoreCase(Digests.sha256Hex(file))) {
        return false;
      }
      VERIFIED.put(file, stamp);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The checksum record of a cached file: {@code FILE.sha256} beside it, in {@code sha256sum}'s format. */
  public static Path record(Path file) {
    return file.resolveSibling(file.getFileName() + ".sha256");
  }

  /** The SHA-256 recorded for {@code file} (hex), as its record says; the record must exist. */
  public static String recordedSha256(Path file) throws IOException {
    return Files.readString(record(file)).strip().split("\\s+")[0];
  }

  /**
   * Records {@code sha256} (hex) for {@code file}, replacing any record at once, with the file's modification time
   * (as the recipes do: while the two agree, {@link #isIntact} need not hash the file).
   */
  public static void writeRecord(Path file, String sha256) throws IOException {
    Path record = record(file);
    Path partial = record.resolveSibling(record.getFileName() + ".partial-" + ProcessHandle.current().pid());
    Files.writeString(partial, sha256 + "  " + file.getFileName() + "\n");
    Files.setLastModifiedTime(partial, Files.getLastModifiedTime(file));
    Files.move(partial, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
