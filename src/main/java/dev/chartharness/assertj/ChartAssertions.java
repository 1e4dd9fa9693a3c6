package dev.chartharness.assertj;

import dev.chartharness.render.RenderedRelease;

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
}
