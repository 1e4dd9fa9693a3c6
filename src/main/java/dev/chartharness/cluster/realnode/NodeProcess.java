package dev.chartharness.cluster.realnode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A long-running node component (containerd, kubelet, kube-proxy): output to a log file, PID appended to
 * the node's PID file (so a later run can stop it if this JVM dies without its shutdown hook), stopped
 * with SIGTERM and, after a grace period, SIGKILL.
 */
final class NodeProcess {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final String name;
  private final Process process;
  private final Path log;

  private NodeProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static NodeProcess start(String name, List<String> command, Map<String, String> environment, Path log, Path pids) {
    try {
      Files.createDirectories(log.getParent());
      // In a session of its own: Ctrl-C in a terminal (SIGINT to the whole foreground process group) must reach
      // only the JVM, whose shutdown drains the node through the kubelet before stopping it. setsid execs in place
      // (the child is no group leader), so the PID stays the component's.
      List<String> detached = new java.util.ArrayList<>();
      if (Files.isExecutable(SETSID)) {
        detached.add(SETSID.toString());
      }
      detached.addAll(command);
      ProcessBuilder builder = new ProcessBuilder(detached).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      Files.writeString(pids, process.pid() + " " + name + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return new NodeProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The last lines of its log, for a failure message. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return "== " + name + " (" + log + ", last " + lines + " lines)\n  "
          + String.join("\n  ", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "== " + name + ": cannot read " + log + ": " + e.getMessage();
    }
  }

  /** Fails with the log's tail when the process has exited. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with code " + process.exitValue() + "\n" + logTail(30));
    }
  }

  /** SIGTERM, then SIGKILL after {@code grace}; returns once the process is gone. */
  void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
