package dev.chartharness.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ScaleReport: wall time shared out per release, nearest-rank percentiles of the releases' own times")
class ScaleReportTest {

  private static ReleaseRun run(int copy, long millis, boolean passed) {
    return new ReleaseRun("journal", copy, "scale-" + copy + "-journal-abcde", Duration.ofMillis(millis), passed, passed ? null : "failed");
  }

  private static ScaleReport report(long... millis) {
    List<ReleaseRun> runs = new ArrayList<>();
    for (int i = 0; i < millis.length; i++) {
      runs.add(run(i + 1, millis[i], true));
    }
    return new ScaleReport(millis.length, 4, Duration.ofSeconds(10), runs);
  }

  @Test
  @DisplayName("per release is the wall time over the number of releases, not their own times")
  void perRelease() {
    assertThat(report(3000, 3000, 3000, 3000).perRelease()).isEqualTo(Duration.ofMillis(2500));
    assertThat(new ScaleReport(0, 4, Duration.ofSeconds(1), List.of()).perRelease()).isEqualTo(Duration.ZERO);
  }

  @Test
  @DisplayName("p50 and p95 by nearest rank, whatever order the releases finished in")
  void percentiles() {
    long[] millis = new long[20];
    for (int i = 0; i < 20; i++) {
      millis[i] = (20 - i) * 100L;
    }
    ScaleReport report = report(millis);
    assertThat(report.percentile(0.5)).isEqualTo(Duration.ofMillis(1000));
    assertThat(report.percentile(0.95)).isEqualTo(Duration.ofMillis(1900));
    assertThat(report.percentile(1)).isEqualTo(Duration.ofMillis(2000));
    assertThat(report(700).percentile(0.5)).isEqualTo(Duration.ofMillis(700));
    assertThat(report(100, 900).percentile(0.95)).isEqualTo(Duration.ofMillis(900));
  }

  @Test
  @DisplayName("a quantile outside (0, 1] is refused")
  void badQuantile() {
    assertThatThrownBy(() -> report(1).percentile(0)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> report(1).percentile(95)).hasMessageContaining("not 95");
  }

  @Test
  @DisplayName("passed only when every release passed; the failures are listed")
  void failures() {
    ScaleReport report = new ScaleReport(2, 4, Duration.ofSeconds(1), List.of(run(1, 10, true), run(2, 10, false)));
    assertThat(report.passed()).isFalse();
    assertThat(report.failures()).extracting(ReleaseRun::copy).containsExactly(2);
    assertThat(report(1, 2).passed()).isTrue();
  }
}
