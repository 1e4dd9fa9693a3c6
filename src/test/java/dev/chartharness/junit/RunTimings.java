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
 * with its share of the run and the machine's CPU time meanwhile (every process's, the clusters' included, from
 * {@code /proc/stat}), how long each shared cluster took to start, and the least wall time the run's CPU time needs
 * on this machine's cores however far its tests ran side by side. Printed when the run ends and written
 * to the file {@code -Dharness.timings} names (the build writes {@code target/*-reports/run-timings.txt}).
 * Registered for this repository's runs through {@code META-INF/services}.
 */
public final class RunTimings implements TestExecutionListener {

  private static final int ROWS = 20;
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private final Map<String, Long> started = new ConcurrentHashMap<>();
  private final Map<String, Duration> classes = new ConcurrentHashMap<>();
  private final Map<String, MachineCpu> cpuStarted = new ConcurrentHashMap<>();
  private final Map<String, Duration> cpu = new ConcurrentHashMap<>();
  private TestPlan plan;
  private long runStarted;
  private MachineCpu runCpu;

  /**
   * The machine's CPU counters ({@code /proc/stat}'s first line): ticks busy (user, nice, system, irq, softirq,
   * steal) and in all (those, idle and iowait), counted over every core.
   */
  record MachineCpu(long busy, long total) {
    static final Path STAT = Path.of("/proc/stat");

    /** The counters now, or null where the machine has no {@code /proc/stat}. */
    static MachineCpu now() {
      try {
        return parse(Files.readAllLines(STAT).get(0));
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    static MachineCpu parse(String line) {
      String[] fields = line.trim().split("\\s+");
      if (!fields[0].equals("cpu") || fields.length < 9) {
        throw new IllegalArgumentException("not /proc/stat's cpu line: " + line);
      }
      long busy = 0;
      for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(fields[field]);
      }
      return new MachineCpu(busy, busy + Long.parseLong(fields[4]) + Long.parseLong(fields[5]));
    }

    /** The CPU time the machine spent busy since {@code earlier}, over {@code wall} on {@code cores} cores. */
    Duration busySince(MachineCpu earlier, Duration wall, int cores) {
      long total = this.total - earlier.total;
      return total <= 0 ? Duration.ZERO : Duration.ofNanos(Math.round((double) (busy - earlier.busy) / total * wall.toNanos() * cores));
    }
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    runStarted = System.nanoTime();
    runCpu = MachineCpu.now();
  }

  @Override
  public void executionStarted(TestIdentifier identifier) {
    timedName(identifier).ifPresent(name -> {
      started.put(identifier.getUniqueId(), System.nanoTime());
      Optional.ofNullable(MachineCpu.now()).ifPresent(now -> cpuStarted.put(identifier.getUniqueId(), now));
    });
  }

  @Override
  public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
    Long start = started.remove(identifier.getUniqueId());
    MachineCpu cpuStart = cpuStarted.remove(identifier.getUniqueId());
    MachineCpu cpuEnd = MachineCpu.now();
    if (start != null) {
      // A class template has no invocations yet when it starts, so only now is it known to be one: its invocations
      // are timed instead.
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      timedName(identifier).ifPresent(name -> {
        classes.merge(name, wall, Duration::plus);
        if (cpuStart != null && cpuEnd != null) {
          cpu.merge(name, cpuEnd.busySince(cpuStart, wall, CORES), Duration::plus);
        }
      });
    }
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (classes.isEmpty()) {
      return;
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - runStarted);
    MachineCpu now = MachineCpu.now();
    Duration runCpuTime = runCpu == null || now == null ? null : now.busySince(runCpu, wall, CORES);
    String table = table(classes, cpu, EphemeralClusterExtension.clusterStartTimes(), wall, runCpuTime, CORES);
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

  /**
   * The report: classes slowest first (the first {@value #ROWS}, the rest summed) with the machine's CPU time during
   * each where known, then the clusters' start times and, where known, the run's CPU time against its wall time.
   */
  static String table(Map<String, Duration> classes, Map<String, Duration> cpu, Map<String, Duration> clusterStarts, Duration wall,
                      Duration runCpu, int cores) {
    List<Map.Entry<String, Duration>> sorted = new ArrayList<>(classes.entrySet());
    sorted.sort(Map.Entry.<String, Duration>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    Map<String, Duration> rows = new LinkedHashMap<>();
    Map<String, Duration> rowCpu = new LinkedHashMap<>();
    sorted.stream().limit(ROWS).forEach(entry -> {
      rows.put(entry.getKey(), entry.getValue());
      Optional.ofNullable(cpu.get(entry.getKey())).ifPresent(time -> rowCpu.put(entry.getKey(), time));
    });
    if (sorted.size() > ROWS) {
      String rest = (sorted.size() - ROWS) + " other classes";
      rows.put(rest, sorted.stream().skip(ROWS).map(Map.Entry::getValue).reduce(Duration.ZERO, Duration::plus));
      rowCpu.put(rest, sorted.stream().skip(ROWS).map(entry -> cpu.getOrDefault(entry.getKey(), Duration.ZERO)).reduce(Duration.ZERO, Duration::plus));
    }
    int width = rows.keySet().stream().mapToInt(String::length).max().orElse(5);
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%nWhere the time went: %d test classes in %s%n", classes.size(), seconds(wall)));
    rows.forEach((name, time) -> {
      out.append(String.format(Locale.ROOT, "  %-" + width + "s  %8s  %3d%%", name, seconds(time),
          wall.isZero() ? 0 : Math.round(100.0 * time.toMillis() / wall.toMillis())));
      Duration busy = rowCpu.get(name);
      out.append(busy == null ? "" : String.format(Locale.ROOT, "  machine CPU %8s", seconds(busy))).append('\n');
    });
    if (!clusterStarts.isEmpty()) {
      out.append("  shared cluster starts (inside the classes above): ");
      out.append(String.join(", ", clusterStarts.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .map(entry -> entry.getKey() + " " + seconds(entry.getValue())).toList())).append('\n');
    }
    if (runCpu != null) {
      out.append(String.format(Locale.ROOT, "  machine CPU busy during the run: %s of %d cores x %s (%d%%); on %d cores this work takes at least %s"
              + " however far its tests run side by side%n", seconds(runCpu), cores, seconds(wall),
          wall.isZero() ? 0 : Math.round(100.0 * runCpu.toMillis() / (wall.toMillis() * (double) cores)), cores, seconds(runCpu.dividedBy(cores))));
    }
    return out.toString();
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
