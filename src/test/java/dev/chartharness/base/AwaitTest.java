package dev.chartharness.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Await: one wait engine with named conditions")
class AwaitTest {

  @Test
  @DisplayName("returns once the condition holds")
  void returnsWhenDone() {
    AtomicInteger polls = new AtomicInteger();
    Await.until("awaitThirdPoll", Duration.ofSeconds(5), () -> polls.incrementAndGet() >= 3 ? Await.done() : Await.pending("poll " + polls));
    assertThat(polls).hasValue(3);
  }

  @Test
  @DisplayName("fails at once on a terminal state, naming the condition and the reason")
  void failsFastOnTerminalState() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> Await.until("awaitJobComplete Job/migrate", Duration.ofMinutes(5), () -> Await.failed("Job migrate failed: BackoffLimitExceeded")))
        .isInstanceOf(Await.WaitFailedException.class)
        .hasMessage("awaitJobComplete Job/migrate: Job migrate failed: BackoffLimitExceeded")
        .satisfies(e -> assertThat(((Await.WaitFailedException) e).terminal()).isTrue());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  @DisplayName("fails at the deadline with the last pending reason")
  void failsAtDeadline() {
    assertThatThrownBy(() -> Await.until("awaitReadyEndpoints Service/web", Duration.ofMillis(600), () -> Await.pending("no ready endpoint for port http")))
        .isInstanceOf(Await.WaitFailedException.class)
        .hasMessageContaining("awaitReadyEndpoints Service/web").hasMessageContaining("timed out").hasMessageContaining("no ready endpoint for port http")
        .satisfies(e -> assertThat(((Await.WaitFailedException) e).terminal()).isFalse());
  }

  @Test
  @DisplayName("treats an exception from the probe as not yet, not as failure")
  void exceptionIsPending() {
    AtomicInteger polls = new AtomicInteger();
    Await.until("awaitApiServer", Duration.ofSeconds(5), () -> {
      if (polls.incrementAndGet() < 2) {
        throw new IllegalStateException("connection refused");
      }
      return Await.done();
    });
    assertThat(polls).hasValue(2);
  }
}
