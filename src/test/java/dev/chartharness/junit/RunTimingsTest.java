package dev.chartharness.junit;

import static org.assertj.core.api.Assertions.assertThat;

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
    String table = RunTimings.table(classes, Map.of("k3s", Duration.ofMillis(13_200), "local", Duration.ofMillis(3_400)), Duration.ofSeconds(90));
    assertThat(table).contains("Where the time went: 23 test classes in 90.0 s");
    assertThat(table.indexOf("RealPodsIT [real-pods]")).isLessThan(table.indexOf("RealPodsIT [k3s]"));
    assertThat(table.indexOf("RealPodsIT [k3s]")).isLessThan(table.indexOf("FastTest"));
    assertThat(table).containsPattern("RealPodsIT \\[real-pods\\]\\s+45\\.0 s\\s+50%");
    assertThat(table).contains("3 other classes").contains("shared cluster starts (inside the classes above): k3s 13.2 s, local 3.4 s");
  }
}
