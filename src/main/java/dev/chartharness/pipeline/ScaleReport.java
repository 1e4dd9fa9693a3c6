package dev.chartharness.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link ScaleRun} measured.
 *
 * @param copies how many copies of each application
 * @param workers how many releases were installed at once, at most
 * @param wall from the first release begun to the last one done
 * @param releases every release, in the order they were submitted
 */
public record ScaleReport(int copies, int workers, Duration wall, List<ReleaseRun> releases) {

  public ScaleReport {
    releases = List.copyOf(releases);
  }

  /** The wall time shared out: what one release cost when this many ran through the pool. */
  public Duration perRelease() {
    return releases.isEmpty() ? Duration.ZERO : wall.dividedBy(releases.size());
  }

  /** The nearest-rank percentile ({@code 0.5}, {@code 0.95}) of the releases' own times. */
  public Duration percentile(double quantile) {
    if (quantile <= 0 || quantile > 1) {
      throw new IllegalArgumentException("a quantile is in (0, 1], not " + quantile);
    }
    List<Duration> sorted = releases.stream().map(ReleaseRun::elapsed).sorted().toList();
    if (sorted.isEmpty()) {
      return Duration.ZERO;
    }
    return sorted.get(Math.max(0, (int) Math.ceil(quantile * sorted.size()) - 1));
  }

  public boolean passed() {
    return releases.stream().allMatch(ReleaseRun::passed);
  }

  public List<ReleaseRun> failures() {
    return releases.stream().filter(run -> !run.passed()).toList();
  }
}
