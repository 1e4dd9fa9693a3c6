package dev.chartharness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Run timings: where a run's time went, slowest class first")
class RunTimingsTest {

  @Test
  @DisplayName("classes sorted by time with their share of the run, the tail beyond 20 summed, cluster starts listed")
  void table() {
    Map<String, Duration> classes = new LinkedHashMap<>();
    classes.put("FastTest", Duration.ofMillis(500));
    classes.put("RealPodsIT [k3s]", Duration.ofSeconds(30));
    classes.put("RealPodsIT [real-pods]", Duration.ofSeconds(45));
    for (int i = 0; i < 20; i++) {
      classes.put("Tiny" + i + "Test", Duration.ofMillis(100));
    }
    Map<String, Duration> cpu = Map.of("RealPodsIT [real-pods]", Duration.ofSeconds(60), "Tiny0Test", Duration.ofMillis(100));
    String table = RunTimings.table(classes, cpu, Map.of("k3s", Duration.ofMillis(13_200), "local", Duration.ofMillis(3_400)), Duration.ofSeconds(90),
        Duration.ofSeconds(150), 2);
    assertThat(table).contains("Where the time went: 23 test classes in 90.0 s");
    assertThat(table.indexOf("RealPodsIT [real-pods]")).isLessThan(table.indexOf("RealPodsIT [k3s]"));
    assertThat(table.indexOf("RealPodsIT [k3s]")).isLessThan(table.indexOf("FastTest"));
    assertThat(table).containsPattern("RealPodsIT \\[real-pods\\]\\s+45\\.0 s\\s+50%\\s+machine CPU\\s+60\\.0 s");
    assertThat(table).containsPattern("RealPodsIT \\[k3s\\]\\s+30\\.0 s\\s+33%\\n");
    assertThat(table).contains("machine CPU busy during the run: 150.0 s of 2 cores x 90.0 s (83%); on 2 cores this work takes at least 75.0 s");
    assertThat(table).containsPattern("3 other classes\\s+0\\.3 s\\s+0%\\s+machine CPU\\s+0\\.0 s");
    assertThat(table).contains("3 other classes").contains("shared cluster starts (inside the classes above): k3s 13.2 s, local 3.4 s");
  }

  @Test
  @DisplayName("machine CPU from /proc/stat's cpu line: busy ticks over all ticks, scaled to the wall time on every core")
  void machineCpu() {
    RunTimings.MachineCpu before = RunTimings.MachineCpu.parse("cpu  100 0 50 1000 10 0 0 0 0 0");
    RunTimings.MachineCpu after = RunTimings.MachineCpu.parse("cpu  250 10 90 1100 10 5 5 0 0 0");
    assertThat(before).isEqualTo(new RunTimings.MachineCpu(150, 1160));
    // 210 busy ticks of 310: two cores for 10 s, 67.7% busy.
    assertThat(after.busySince(before, Duration.ofSeconds(10), 2).toMillis()).isEqualTo(13_548);
    assertThat(RunTimings.MachineCpu.now()).as("this Linux machine's counters").isNotNull();
    assertThatThrownBy(() -> RunTimings.MachineCpu.parse("intr 1 2 3")).hasMessageContaining("not /proc/stat's cpu line");
  }
}
