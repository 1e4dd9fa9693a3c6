package dev.chartharness.cluster;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** Progress lines for long steps, with the elapsed time since the reporter was made. */
public final class Progress {

  private final PrintStream out;
  private final Instant start = Instant.now();

  private Progress(PrintStream out) {
    this.out = out;
  }

  /** Progress on standard error, so standard output stays machine-readable. */
  public static Progress toStandardError() {
    return new Progress(System.err);
  }

  public static Progress to(PrintStream out) {
    return new Progress(out);
  }

  public void step(String message) {
    Duration elapsed = Duration.between(start, Instant.now());
    out.printf("[%5.1fs] %s%n", elapsed.toMillis() / 1000.0, message);
    out.flush();
  }
}
