package dev.chartharness.base;

import java.time.Duration;

/**
 * A controller the harness runs itself (a local-path provisioner, load-balancer addresses): one daemon thread
 * calling {@link Pass#run()} every interval until closed. A pass that fails is retried at the next; each distinct
 * failure is reported once on standard error, named by the loop.
 */
public final class PollingLoop implements AutoCloseable {

  /** One reconciliation pass. */
  @FunctionalInterface
  public interface Pass {
    void run() throws Exception;
  }

  private final String name;
  private final Duration interval;
  private final Pass pass;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile String lastProblem;

  private PollingLoop(String name, Duration interval, Pass pass) {
    this.name = name;
    this.interval = interval;
    this.pass = pass;
    this.thread = new Thread(this::loop, name);
    this.thread.setDaemon(true);
  }

  /** Starts {@code pass} every {@code interval} on a daemon thread named {@code name}. */
  public static PollingLoop start(String name, Duration interval, Pass pass) {
    PollingLoop loop = new PollingLoop(name, interval, pass);
    loop.thread.start();
    return loop;
  }

  private void loop() {
    while (running) {
      try {
        pass.run();
        lastProblem = null;
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        String problem = String.valueOf(e.getMessage());
        if (running && !problem.equals(lastProblem)) {
          lastProblem = problem;
          System.err.println(name + ": " + problem);
        }
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
