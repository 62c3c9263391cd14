package dev.dagflow.engine.definition;

import java.time.Duration;

/**
 * How often and how patiently a node is retried. {@code maxAttempts} counts the first attempt.
 *
 * <pre>{@code
 * new RetryPolicy(3, Backoff.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofSeconds(30))
 * }</pre>
 */
public record RetryPolicy(int maxAttempts, Backoff backoff, Duration delay, Duration maxDelay) {
  /** One attempt, no retry. */
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Backoff.FIXED, Duration.ZERO, Duration.ZERO);

  /** Delay growth between attempts. */
  public enum Backoff {
    FIXED,
    EXPONENTIAL
  }
}
