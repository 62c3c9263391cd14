package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.RetryPolicy;
import dev.dagflow.engine.runtime.Jitter;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Retry delays: fixed or exponential, capped by {@code max_delay}, then jittered. */
public final class Backoff {
  private Backoff() {}

  /** The delay before the attempt after {@code failedAttempt} (1-based). */
  public static Duration delay(RetryPolicy policy, int failedAttempt, Jitter jitter) {
    long base = policy.delay() == null ? 0 : policy.delay().toMillis();
    if (policy.backoff() == RetryPolicy.Backoff.EXPONENTIAL) {
      int shift = Math.min(Math.max(failedAttempt - 1, 0), 30);
      base = saturatedMultiply(base, 1L << shift);
    }
    if (policy.maxDelay() != null && !policy.maxDelay().isZero()) {
      base = Math.min(base, policy.maxDelay().toMillis());
    }
    long millis =
        switch (jitter) {
          case NONE -> base;
          case EQUAL -> base / 2 + random(base - base / 2);
          case FULL -> random(base);
        };
    return Duration.ofMillis(millis);
  }

  private static long random(long boundInclusive) {
    return boundInclusive <= 0 ? 0 : ThreadLocalRandom.current().nextLong(boundInclusive + 1);
  }

  private static long saturatedMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
  }
}
