package dev.chartharness.assertj;

import dev.chartharness.render.RenderedRelease;
import dev.chartharness.verify.VerificationReport;

/**
 * Entry point for the harness's assertions, in the AssertJ style:
 * <pre>{@code
 * assertThat(release).deployment("journal-frontend").container("frontend")
 *     .mountsSecretKeysAt("/etc/redis-passwd", "journal-redis", "redis-password");
 * }</pre>
 */
public final class ChartAssertions {

  private ChartAssertions() {
  }

  public static ReleaseAssert assertThat(RenderedRelease release) {
    return new ReleaseAssert(release);
  }

  public static VerificationAssert assertThat(VerificationReport report) {
    return new VerificationAssert(report);
  }
}
