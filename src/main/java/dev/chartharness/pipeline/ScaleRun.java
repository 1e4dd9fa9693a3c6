package dev.chartharness.pipeline;

import dev.chartharness.base.Await;
import dev.chartharness.cluster.EphemeralCluster;
import dev.chartharness.verify.VerificationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Copies of releases on one cluster, as a team running many of them has: each pipeline's release installed
 * {@link #withCopies copies} times, every copy into a namespace of its own ({@code <prefix>-<copy>-<release>-xxxxx}),
 * through a fixed pool of {@link #withWorkers workers}, each one verified ({@link ChartPipeline#verify}) as soon as it is
 * installed. Every pipeline is validated once before the clock starts: the copies install the same render.
 *
 * <pre>{@code
 * ScaleRun run = ScaleRun.of(List.of(journal, todo)).withCopies(10).withWorkers(4);
 * ScaleReport report = run.run(cluster);
 * run.removeNamespaces(Duration.ofMinutes(5));
 * }</pre>
 * {@link #cancel} stops what has not begun and interrupts what has (a shutdown hook calls it before the cluster goes).
 */
public final class ScaleRun {

  /**
   * Default for {@link #withWorkers}. Installs mostly wait on the API server: on 2 cores the time per release halves with
   * each doubling of workers up to 4, 8 gains a quarter more while each release's own time grows by a third, 16 nothing.
   */
  public static final int DEFAULT_WORKERS = 4;
  /** Default for {@link #withNamespacePrefix}. */
  public static final String DEFAULT_PREFIX = "scale";

  private final List<ChartPipeline> pipelines;
  private int copies = 1;
  private int workers = DEFAULT_WORKERS;
  private String prefix = DEFAULT_PREFIX;
  private Consumer<ReleaseRun> listener = run -> { };
  private final List<String> namespaces = new ArrayList<>();
  private EphemeralCluster cluster;
  private ExecutorService pool;
  private volatile boolean cancelled;

  private ScaleRun(List<ChartPipeline> pipelines) {
    this.pipelines = List.copyOf(pipelines);
  }

  /** The applications, one pipeline each (its release name, values and backend as configured). */
  public static ScaleRun of(List<ChartPipeline> pipelines) {
    if (pipelines.isEmpty()) {
      throw new IllegalArgumentException("a scale run needs at least one pipeline");
    }
    return new ScaleRun(pipelines);
  }

  /** How many copies of each release; 1 unless given. */
  public ScaleRun withCopies(int copies) {
    if (copies < 1) {
      throw new IllegalArgumentException("copies must be at least 1, not " + copies);
    }
    this.copies = copies;
    return this;
  }

  /** How many releases are installed at once, at most; {@link #DEFAULT_WORKERS} unless given. */
  public ScaleRun withWorkers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, not " + workers);
    }
    this.workers = workers;
    return this;
  }

  /** The start of every namespace's name; {@link #DEFAULT_PREFIX} unless given. */
  public ScaleRun withNamespacePrefix(String prefix) {
    this.prefix = prefix;
    return this;
  }

  /** Told of each release as it finishes, from the worker that ran it (not after {@link #cancel}). */
  public ScaleRun onEachRelease(Consumer<ReleaseRun> listener) {
    this.listener = listener;
    return this;
  }

  /**
   * Validates every pipeline (refusing with {@link ValidationFailedException} on errors, as {@link ChartPipeline#install}
   * does), then installs and verifies every copy through the pool and returns when all are done. A release that fails is
   * reported in its {@link ReleaseRun}; the others go on.
   */
  public ScaleReport run(EphemeralCluster cluster) {
    for (ChartPipeline pipeline : pipelines) {
      if (pipeline.validate().hasErrors()) {
        throw new ValidationFailedException(pipeline.validate());
      }
    }
    AtomicInteger threads = new AtomicInteger();
    synchronized (this) {
      if (pool != null) {
        throw new IllegalStateException("a scale run runs once");
      }
      this.cluster = cluster;
      pool = Executors.newFixedThreadPool(workers, task -> {
        Thread thread = new Thread(task, "scale-worker-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      });
    }
    long start = System.nanoTime();
    List<Submitted> submitted = new ArrayList<>();
    for (int copy = 1; copy <= copies; copy++) {
      for (ChartPipeline pipeline : pipelines) {
        int thisCopy = copy;
        String release = pipeline.render().name();
        submitted.add(new Submitted(release, copy, pool.submit(() -> release(cluster, pipeline, release, thisCopy))));
      }
    }
    pool.shutdown();
    List<ReleaseRun> releases = new ArrayList<>();
    for (Submitted task : submitted) {
      try {
        releases.add(task.future().get());
      } catch (ExecutionException | CancellationException e) {
        releases.add(new ReleaseRun(task.release(), task.copy(), null, Duration.ZERO, false, "not run: " + e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel();
        throw new IllegalStateException("interrupted while the scale run installs", e);
      }
    }
    return new ScaleReport(copies, workers, Duration.ofNanos(System.nanoTime() - start), releases);
  }

  /** A release handed to the pool. */
  private record Submitted(String release, int copy, Future<ReleaseRun> future) {
  }

  /** One release: its namespace, install --wait and verification, timed together. */
  private ReleaseRun release(EphemeralCluster cluster, ChartPipeline pipeline, String release, int copy) {
    long start = System.nanoTime();
    String namespace = null;
    ReleaseRun run;
    try {
      namespace = cluster.createNamespace(prefix + "-" + copy + "-" + release);
      synchronized (this) {
        namespaces.add(namespace);
      }
      VerificationReport report = pipeline.verify(cluster, namespace).verification();
      run = new ReleaseRun(release, copy, namespace, Duration.ofNanos(System.nanoTime() - start), report.passed(),
          report.passed() ? null : report.describe());
    } catch (RuntimeException e) {
      run = new ReleaseRun(release, copy, namespace, Duration.ofNanos(System.nanoTime() - start), false, e.getMessage());
    }
    if (!cancelled) {
      listener.accept(run);  // After cancel the releases fail because they were interrupted: nothing to tell.
    }
    return run;
  }

  /** Stops releases not yet begun and interrupts those running; waits a few seconds for the workers to let go. */
  public void cancel() {
    ExecutorService running;
    synchronized (this) {
      running = pool;
    }
    cancelled = true;
    if (running == null) {
      return;
    }
    running.shutdownNow();
    try {
      running.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The namespaces this run created, in the order they were created. */
  public synchronized List<String> namespaces() {
    return List.copyOf(namespaces);
  }

  /**
   * Deletes every namespace this run created and waits until the API server has removed them (their objects first);
   * returns how many it removed. Fails at {@code timeout} naming those still there.
   */
  public int removeNamespaces(Duration timeout) {
    List<String> created = namespaces();
    if (created.isEmpty()) {
      return 0;
    }
    for (String namespace : created) {
      cluster.client().namespaces().withName(namespace).delete();
    }
    Await.until("awaitNamespacesRemoved " + created.size() + " namespaces", timeout, Duration.ofMillis(500), () -> {
      Set<String> present = cluster.client().namespaces().list().getItems().stream().map(namespace -> namespace.getMetadata().getName())
          .collect(Collectors.toSet());
      List<String> remaining = created.stream().filter(present::contains).toList();
      return remaining.isEmpty() ? Await.done()
          : Await.pending(remaining.size() + " still there: " + String.join(", ", remaining.subList(0, Math.min(5, remaining.size())))
              + (remaining.size() > 5 ? ", ..." : ""));
    });
    return created.size();
  }
}
