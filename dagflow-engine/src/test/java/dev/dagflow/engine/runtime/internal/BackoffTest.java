package dev.dagflow.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.definition.RetryPolicy;
import dev.dagflow.engine.runtime.Jitter;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {
  static final RetryPolicy EXP =
      new RetryPolicy(
          10, RetryPolicy.Backoff.EXPONENTIAL, Duration.ofMillis(100), Duration.ofSeconds(1));

  @Test
  void fixedBackoffWaitsTheSameDelayEachTime() {
    RetryPolicy fixed =
        new RetryPolicy(3, RetryPolicy.Backoff.FIXED, Duration.ofMillis(250), Duration.ZERO);
    assertThat(Backoff.delay(fixed, 1, Jitter.NONE)).isEqualTo(Duration.ofMillis(250));
    assertThat(Backoff.delay(fixed, 2, Jitter.NONE)).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void exponentialBackoffDoublesUntilMaxDelay() {
    assertThat(Backoff.delay(EXP, 1, Jitter.NONE)).isEqualTo(Duration.ofMillis(100));
    assertThat(Backoff.delay(EXP, 2, Jitter.NONE)).isEqualTo(Duration.ofMillis(200));
    assertThat(Backoff.delay(EXP, 4, Jitter.NONE)).isEqualTo(Duration.ofMillis(800));
    assertThat(Backoff.delay(EXP, 5, Jitter.NONE)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Backoff.delay(EXP, 60, Jitter.NONE)).isEqualTo(Duration.ofSeconds(1));
  }

  @RepeatedTest(20)
  void equalJitterStaysWithinHalfToFullDelay() {
    assertThat(Backoff.delay(EXP, 3, Jitter.EQUAL))
        .isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @RepeatedTest(20)
  void fullJitterStaysWithinZeroToFullDelay() {
    assertThat(Backoff.delay(EXP, 3, Jitter.FULL)).isBetween(Duration.ZERO, Duration.ofMillis(400));
  }
}
