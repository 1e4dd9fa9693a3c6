package dev.chartharness.base;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one way the harness runs programs on the host: {@link #command} for a command that runs to its end
 * (a build recipe, kwokctl, ctr, iptables, helm), {@link #start} for a component that runs in the background
 * (containerd, kubelet, kube-proxy). Every failure names the command and carries its exit status and the last
 * lines it printed.
 */
public final class HostProcess {

  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final int TAIL = 20;

  private final List<String> command;
  private Path directory;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private String input;
  private Duration timeout = Duration.ofMinutes(10);
  private PrintStream echo;
  private boolean separateStreams;

  private HostProcess(List<String> command) {
    this.command = List.copyOf(command);
  }

  /** A command that runs to its end. */
  public static HostProcess command(List<String> command) {
    return new HostProcess(command);
  }

  public static HostProcess command(String... command) {
    return new HostProcess(List.of(command));
  }

  /** The working directory; the JVM's unless given. */
  public HostProcess in(Path directory) {
    this.directory = directory;
    return this;
  }

  /** Variables added to (or replacing in) the JVM's environment. */
  public HostProcess withEnvironment(Map<String, String> variables) {
    environment.putAll(variables);
    return this;
  }

  public HostProcess withEnvironment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Text written to its standard input (closed right away otherwise). */
  public HostProcess withInput(String text) {
    this.input = text;
    return this;
  }

  /** How long it may run before it is killed and reported as not finished; 10 minutes unless given. */
  public HostProcess withTimeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** Copies its output to {@code stream} line by line as it comes (progress of long builds). */
  public HostProcess echoingTo(PrintStream stream) {
    this.echo = stream;
    return this;
  }

  /** Keeps standard error apart from standard output (merged unless asked). */
  public HostProcess separatingStreams() {
    this.separateStreams = true;
    return this;
  }

  /** Runs it; a program that cannot start, or runs past its timeout, is a result with exit -1 saying so. */
  public Result run() {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(!separateStreams);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(command, -1, "", "cannot run " + command.get(0) + ": " + e.getMessage());
    }
    try {
      if (input != null) {
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
    } catch (IOException e) {
      // It did not read its input; what it printed says why.
    }
    CompletableFuture<String> stdout = drain(process.getInputStream(), echo);
    CompletableFuture<String> stderr = separateStreams ? drain(process.getErrorStream(), echo) : CompletableFuture.completedFuture("");
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        // Its children too (a shell's kubectl, say): they would hold the output pipe open and outlive it.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        // What it printed before it was stopped: its pipe closes with it, so the reader finishes soon.
        String printed = stdout.completeOnTimeout("", 5, TimeUnit.SECONDS).join();
        return new Result(command, -1, printed, "did not finish within " + timeout.toSeconds() + "s");
      }
      return new Result(command, process.exitValue(), stdout.join(), stderr.join());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(command, -1, stdout.getNow(""), "interrupted");
    }
  }

  /** Runs it and returns its output; fails naming the command, exit status and last lines when it exits non-zero. */
  public String runOrThrow() {
    return run().orThrow();
  }

  /**
   * What a command did.
   *
   * @param command the command line
   * @param exit its exit code; -1 when it could not start or did not finish
   * @param output its standard output (with standard error, unless kept apart)
   * @param error its standard error when kept apart, or what went wrong running it
   */
  public record Result(List<String> command, int exit, String output, String error) {

    public boolean succeeded() {
      return exit == 0;
    }

    /** The last lines it printed (standard error first), for messages. */
    public String tail() {
      List<String> lines = new ArrayList<>(error.lines().toList());
      lines.addAll(output.lines().toList());
      return String.join("\n  ", lines.subList(Math.max(0, lines.size() - TAIL), lines.size()));
    }

    /** The output, or an exception naming the command, its exit status and last lines. */
    public String orThrow() {
      if (exit != 0) {
        throw new HostProcessException(this);
      }
      return output;
    }
  }

  /** A command that failed: its message names it, its exit status and its last lines. */
  public static final class HostProcessException extends IllegalStateException {
    private final transient Result result;

    HostProcessException(Result result) {
      super(String.join(" ", result.command()) + (result.exit() < 0 ? " failed" : " exited " + result.exit()) + ":\n  " + result.tail());
      this.result = result;
    }

    public Result result() {
      return result;
    }
  }

  /**
   * Starts a background component: output to {@code log}, its PID appended to {@code pids} (so a later run can
   * stop it if this JVM dies without its shutdown hook), in a session of its own so that Ctrl-C in a terminal
   * reaches only the JVM, whose shutdown stops it in order.
   */
  public static Background start(String name, List<String> command, Map<String, String> environment, Path log, Path pids) {
    try {
      Files.createDirectories(log.getParent());
      // setsid execs in place (the child is no group leader), so the PID stays the component's.
      List<String> detached = new ArrayList<>();
      if (Files.isExecutable(SETSID)) {
        detached.add(SETSID.toString());
      }
      detached.addAll(command);
      ProcessBuilder builder = new ProcessBuilder(detached).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      Files.writeString(pids, process.pid() + " " + name + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      return new Background(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
    }
  }

  /** A component running in the background, stopped with SIGTERM and, after a grace period, SIGKILL. */
  public static final class Background {
    private final String name;
    private final Process process;
    private final Path log;

    private Background(String name, Process process, Path log) {
      this.name = name;
      this.process = process;
      this.log = log;
    }

    public String name() {
      return name;
    }

    public long pid() {
      return process.pid();
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** The last lines of its log, for a failure message. */
    public String logTail(int lines) {
      try {
        List<String> all = Files.readAllLines(log);
        return "== " + name + " (" + log + ", last " + lines + " lines)\n  "
            + String.join("\n  ", all.subList(Math.max(0, all.size() - lines), all.size()));
      } catch (IOException e) {
        return "== " + name + ": cannot read " + log + ": " + e.getMessage();
      }
    }

    /** Fails with its exit status and log tail when it has exited. */
    public void requireAlive() {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with code " + process.exitValue() + "\n" + logTail(30));
      }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; returns once the process is gone. */
    public void stop(Duration grace) {
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

  /** Reads a stream to its end on a thread of its own (not a shared pool, which two busy streams could starve). */
  private static CompletableFuture<String> drain(InputStream stream, PrintStream echo) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (stream) {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = stream.read(buffer)) >= 0) {
          bytes.write(buffer, 0, read);
          if (echo != null) {
            echo.write(buffer, 0, read);
            echo.flush();
          }
        }
      } catch (IOException e) {
        // The process went away; what it printed until then is kept.
      }
      text.complete(bytes.toString(StandardCharsets.UTF_8));
    }, "host-process-output");
    reader.setDaemon(true);
    reader.start();
    return text;
  }
}
