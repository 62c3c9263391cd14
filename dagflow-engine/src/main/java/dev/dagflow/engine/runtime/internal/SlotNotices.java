package dev.dagflow.engine.runtime.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Whether a run end on this instance is news to the others. Its admission slot goes to the oldest
 * queued runs, whoever submitted them, and this instance admits after every run end of its own; so
 * the others are told ({@code notifySlots}) only when a slot stays free after that admission: an
 * instance whose last admission found every slot taken runs none for its own submits until it hears
 * of one. Each notice costs a commit for the {@code NOTIFY} and an admission on every instance that
 * hears it, for nothing while a backlog takes every freed slot. Run ends still send one at least
 * every {@link #EVERY}, so that the others go on hearing this instance and keep sharing their
 * completer lanes with it ({@link CompletionLanes#PEER_WINDOW}).
 *
 * <pre>{@code
 * notices.runEnded();                         // a transaction here ended a run
 * boolean freed = notices.takeRunEnds();      // just before the admission transaction
 * notices.admitted(freed, effects.slotsFull); // after it: notifies when a slot stays free
 * }</pre>
 */
public final class SlotNotices {
  /** At least this often while runs end here: well within the lanes' window. */
  public static final Duration EVERY = CompletionLanes.PEER_WINDOW.dividedBy(3);

  private final Runnable notifySlots;
  private final LongSupplier nanoTime;
  private final AtomicBoolean runEnded = new AtomicBoolean();
  private long lastNotice; // the scheduler loop's thread only

  SlotNotices(Runnable notifySlots) {
    this(notifySlots, System::nanoTime);
  }

  SlotNotices(Runnable notifySlots, LongSupplier nanoTime) {
    this.notifySlots = notifySlots;
    this.nanoTime = nanoTime;
    this.lastNotice = nanoTime.getAsLong() - EVERY.toNanos(); // the first run end is told
  }

  /** A transaction here ended a run; call before asking for the admission. */
  void runEnded() {
    runEnded.set(true);
  }

  /** Whether runs ended here since the last admission; clears it. */
  boolean takeRunEnds() {
    return runEnded.getAndSet(false);
  }

  /** The admission failed: the runs' ends wait for the next one. */
  void admissionFailed(boolean runEnds) {
    if (runEnds) {
      runEnded.set(true);
    }
  }

  /** After an admission that followed run ends here (or not): tells the others when it is news. */
  void admitted(boolean runEnds, boolean slotsFull) {
    if (!runEnds) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (!slotsFull || now - lastNotice >= EVERY.toNanos()) {
      lastNotice = now;
      notifySlots.run();
    }
  }
}
