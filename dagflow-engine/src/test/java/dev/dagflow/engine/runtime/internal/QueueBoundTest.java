package dev.dagflow.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagflow.engine.error.LimitExceededException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QueueBoundTest {
  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong(42 * MS);
  private final AtomicLong queued = new AtomicLong();
  private final AtomicInteger counts = new AtomicInteger();
  private final QueueBound bound =
      new QueueBound(
          1_000,
          30,
          () -> {
            counts.incrementAndGet();
            return queued.get();
          },
          now::get);

  @Test
  void farBelowTheBoundTheQueueIsCountedAtMostOnceASecond() {
    queued.set(100);
    for (int i = 0; i < 50; i++) {
      bound.check();
      bound.submitted();
      now.addAndGet(19 * MS); // 50 submits over 950 ms
    }
    assertThat(counts).hasValue(1);

    now.addAndGet(100 * MS);
    bound.check();
    assertThat(counts).hasValue(2);
  }

  @Test
  void fromHalfTheBoundOnTheQueueIsCountedEveryHundredMilliseconds() {
    queued.set(500);
    for (int i = 0; i < 10; i++) {
      bound.check();
      now.addAndGet(101 * MS);
    }
    assertThat(counts).hasValue(10);
  }

  @Test
  void thisInstancesSubmitsBringTheEstimateNearTheBoundBeforeTheNextCount() {
    queued.set(400);
    bound.check(); // counted: 400
    for (int i = 0; i < 100; i++) {
      bound.submitted(); // estimate 500: half the bound
    }
    now.addAndGet(101 * MS);
    bound.check();
    assertThat(counts).hasValue(2);
  }

  @Test
  void aFullQueueIsRefusedOnAFreshCountOnly() {
    queued.set(999);
    bound.check();
    bound.submitted(); // estimate 1,000: full
    queued.set(10); // admission drained the queue meanwhile
    bound.check(); // recounts instead of refusing
    assertThat(counts).hasValue(2);

    queued.set(1_000); // other instances filled it: seen at the next count, within a second
    now.addAndGet(1_001 * MS);
    assertThatThrownBy(bound::check)
        .isInstanceOf(LimitExceededException.class)
        .hasMessageContaining("the admission queue is full (1000 queued runs)");
  }
}
