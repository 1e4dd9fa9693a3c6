package dev.chartharness.base;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one wait engine: polls a named condition until it holds, fails at once on a terminal state,
 * and otherwise fails at the deadline with the last reason it was still pending.
 */
public final class Await {

  /** Default poll interval. */
  public static final Duration POLL = Duration.ofMillis(250);

  private Await() {
  }

  /** What one poll saw. */
  public sealed interface Outcome permits Done, Pending, Failed {
  }

  /** The condition holds. */
  public record Done() implements Outcome {
  }

  /** Not yet; {@code reason} says what is missing. */
  public record Pending(String reason) implements Outcome {
  }

  /** It never will; {@code reason} says why. */
  public record Failed(String reason) implements Outcome {
  }

  public static Outcome done() {
    return new Done();
  }

  public static Outcome pending(String reason) {
    return new Pending(reason);
  }

  public static Outcome failed(String reason) {
    return new Failed(reason);
  }

  /**
   * Polls {@code probe} until it is {@link Done}; throws {@link WaitFailedException} naming
   * {@code condition} on {@link Failed} or after {@code timeout}.
   */
  public static void until(String condition, Duration timeout, Supplier<Outcome> probe) {
    until(condition, timeout, POLL, probe);
  }

  /** As {@link #until(String, Duration, Supplier)}, polling every {@code poll}. */
  public static void until(String condition, Duration timeout, Duration poll, Supplier<Outcome> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastReason = "not checked yet";
    while (true) {
      Outcome outcome;
      try {
        outcome = probe.get();
      } catch (RuntimeException e) {
        // The API server may refuse a request while it settles; that is "not yet", not failure.
        outcome = pending(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      if (outcome instanceof Done) {
        return;
      }
      if (outcome instanceof Failed failed) {
        throw new WaitFailedException(condition, failed.reason(), true);
      }
      lastReason = ((Pending) outcome).reason();
      if (System.nanoTime() > deadline) {
        throw new WaitFailedException(condition, "timed out after " + timeout.toSeconds() + "s: " + lastReason, false);
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WaitFailedException(condition, "interrupted while " + lastReason, false);
      }
    }
  }

  /** A wait that did not see its condition. */
  public static final class WaitFailedException extends RuntimeException {
    private final String condition;
    private final boolean terminal;

    WaitFailedException(String condition, String reason, boolean terminal) {
      super(condition + ": " + reason);
      this.condition = condition;
      this.terminal = terminal;
    }

    public String condition() {
      return condition;
    }

    /** True when a terminal state ended the wait before its deadline. */
    public boolean terminal() {
      return terminal;
    }
  }
}
