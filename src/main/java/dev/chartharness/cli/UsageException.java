package dev.chartharness.cli;

/** The command line was wrong; the message says how, and the usage text follows it. */
final class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
