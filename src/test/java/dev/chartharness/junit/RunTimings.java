package dev.chartharness.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Where a test run's time goes: every test class (once per backend for an {@link EachCluster} class) slowest first,
 * with its share of the run, and how long each shared cluster took to start. Printed when the run ends and written
 * to the file {@code -Dharness.timings} names (the build writes {@code target/*-reports/run-timings.txt}).
 * Registered for this repository's runs through {@code META-INF/services}.
 */
public final class RunTimings implements TestExecutionListener {

  private static final int ROWS = 20;

  private final Map<String, Long> started = new ConcurrentHashMap<>();
  private final Map<String, Duration> classes = new ConcurrentHashMap<>();
  private TestPlan plan;
  private long runStarted;

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    runStarted = System.nanoTime();
  }

  @Override
  public void executionStarted(TestIdentifier identifier) {
    timedName(identifier).ifPresent(name -> started.put(identifier.getUniqueId(), System.nanoTime()));
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    Long start = started.remove(identifier.getUniqueId());
    if (start != null) {
      // A class template has no invocations yet when it starts, so only now is it known to be one: its invocations
      // are timed instead.
      timedName(identifier).ifPresent(name -> classes.merge(name, Duration.ofNanos(System.nanoTime() - start), Duration::plus));
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (classes.isEmpty()) {
      return;
    }
    String table = table(classes, EphemeralClusterExtension.clusterStartTimes(), Duration.ofNanos(System.nanoTime() - runStarted));
    System.out.print(table);
    String file = System.getProperty("harness.timings", "");
    if (!file.isBlank()) {
      try {
        Path path = Path.of(file);
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, table);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the run's timings to " + file, e);
      }
    }
  }

  /**
   * The name a container is timed under, if it is one: a top-level test class, or one invocation of a class
   * template ({@code RealPodsIT [k3s]}) instead of the template itself. Nested classes count in their outer class.
   */
  private Optional<String> timedName(TestIdentifier identifier) {
    if (plan == null || !(identifier.getSource().orElse(null) instanceof ClassSource source)) {
      return Optional.empty();
    }
    Optional<TestIdentifier> parent = plan.getParent(identifier);
    boolean parentIsClass = parent.flatMap(TestIdentifier::getSource).filter(ClassSource.class::isInstance).isPresent();
    String simpleName = source.getJavaClass().getSimpleName();
    if (!parentIsClass) {
      boolean template = plan.getChildren(identifier).stream()
          .anyMatch(child -> child.getSource().filter(ClassSource.class::isInstance).map(s -> ((ClassSource) s).getClassName().equals(source.getClassName())).orElse(false));
      return template ? Optional.empty() : Optional.of(simpleName);
    }
    boolean invocationOfParent = parent.flatMap(TestIdentifier::getSource).map(s -> ((ClassSource) s).getClassName().equals(source.getClassName())).orElse(false)
        && plan.getParent(parent.get()).flatMap(TestIdentifier::getSource).filter(ClassSource.class::isInstance).isEmpty();
    return invocationOfParent ? Optional.of(simpleName + " " + identifier.getDisplayName()) : Optional.empty();
  }

  /** The report: classes slowest first (the first {@value #ROWS}, the rest summed), then the clusters' start times. */
  static String table(Map<String, Duration> classes, Map<String, Duration> clusterStarts, Duration wall) {
    List<Map.Entry<String, Duration>> sorted = new ArrayList<>(classes.entrySet());
    sorted.sort(Map.Entry.<String, Duration>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    Map<String, Duration> rows = new LinkedHashMap<>();
    sorted.stream().limit(ROWS).forEach(entry -> rows.put(entry.getKey(), entry.getValue()));
    if (sorted.size() > ROWS) {
      rows.put((sorted.size() - ROWS) + " other classes", sorted.stream().skip(ROWS).map(Map.Entry::getValue).reduce(Duration.ZERO, Duration::plus));
    }
    int width = rows.keySet().stream().mapToInt(String::length).max().orElse(5);
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nWhere the time went: %d test classes in %s%n", classes.size(), seconds(wall)));
    rows.forEach((name, time) -> out.append(String.format(Locale.ROOT, "  %-" + width + "s  %8s  %3d%%%n", name, seconds(time),
        wall.isZero() ? 0 : Math.round(100.0 * time.toMillis() / wall.toMillis()))));
    if (!clusterStarts.isEmpty()) {
      out.append("  shared cluster starts (inside the classes above): ");
      out.append(String.join(", ", clusterStarts.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .map(entry -> entry.getKey() + " " + seconds(entry.getValue())).toList())).append('\n');
    }
    return out.toString();
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
