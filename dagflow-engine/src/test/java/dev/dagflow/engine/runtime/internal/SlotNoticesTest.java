package dev.dagflow.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SlotNoticesTest {
  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong(7 * MS);
  private final AtomicInteger sent = new AtomicInteger();
  private final SlotNotices notices = new SlotNotices(sent::incrementAndGet, now::get);

  /** A run ends, the admission runs: what the scheduler does. */
  private void runEndThenAdmission(boolean slotsFull) {
    notices.runEnded();
    notices.admitted(notices.takeRunEnds(), slotsFull);
  }

  @Test
  void whileABacklogTakesEveryFreedSlotOnlyOneNoticeGoesOutPerInterval() {
    for (int i = 0; i < 100; i++) {
      runEndThenAdmission(true);
      now.addAndGet(10 * MS); // 100 run ends over one second
    }
    assertThat(sent).hasValue(1); // the first: the others hear this instance

    now.set(7 * MS + SlotNotices.EVERY.toNanos());
    runEndThenAdmission(true);
    assertThat(sent).hasValue(2);
  }

  @Test
  void aSlotLeftFreeIsAlwaysTold() {
    runEndThenAdmission(true);
    for (int i = 0; i < 5; i++) {
      now.addAndGet(MS);
      runEndThenAdmission(false);
    }
    assertThat(sent).hasValue(6);
  }

  @Test
  void anAdmissionWithoutARunEndHereTellsNobody() {
    notices.admitted(notices.takeRunEnds(), false);
    notices.admitted(notices.takeRunEnds(), true);
    assertThat(sent).hasValue(0);
  }

  @Test
  void aFailedAdmissionLeavesTheRunEndsToTheNextOne() {
    notices.runEnded();
    boolean runEnds = notices.takeRunEnds();
    notices.admissionFailed(runEnds);
    assertThat(sent).hasValue(0);

    notices.admitted(notices.takeRunEnds(), false);
    assertThat(sent).hasValue(1);
  }
}
