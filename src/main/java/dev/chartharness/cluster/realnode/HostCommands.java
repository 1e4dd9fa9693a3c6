package dev.chartharness.cluster.realnode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Short host commands (ctr, iptables, ip, umount) with their output kept for the error message. */
final class HostCommands {

  private HostCommands() {
  }

  /** Output of a command that must succeed. */
  static String run(List<String> command, Duration timeout) {
    Result result = attempt(command, null, timeout);
    if (result.exit() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited " + result.exit() + ": " + result.output().strip());
    }
    return result.output();
  }

  /** Runs a command whose failure is acceptable (cleanup of what may already be gone). */
  static Result attempt(List<String> command, String input, Duration timeout) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (input != null) {
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, String.join(" ", command) + " did not finish within " + timeout.toSeconds() + "s");
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, "cannot run " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  /** What a command did. */
  record Result(int exit, String output) {
  }
}
