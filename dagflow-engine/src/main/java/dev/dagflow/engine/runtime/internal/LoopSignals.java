package dev.dagflow.engine.runtime.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the scheduler's loop has been asked to do next, and the wake-up that tells it: an admission
 * pass, a claim scan, or only a look at its hints. Requests coalesce: many submits before the loop
 * wakes ask for one admission.
 *
 * <pre>{@code
 * signals.requestAdmission();          // a run ended here
 * if (signals.takeAdmission()) admit(); // in the loop
 * signals.await(waitNanos);            // sleeps unless something was asked meanwhile
 * }</pre>
 */
final class LoopSignals {
  private final Semaphore wake = new Semaphore(0);
  private final AtomicBoolean admitRequested = new AtomicBoolean(true);
  private final AtomicBoolean pollRequested = new AtomicBoolean(true);
  private volatile boolean slotsFull;

  /** A run was queued or finished: try admission soon. */
  void requestAdmission() {
    admitRequested.set(true);
    wake.release();
  }

  /**
   * A run was submitted here: try admission soon, unless the last admission found every active slot
   * taken. A backlogged server would otherwise run one admission transaction per submit that admits
   * nothing; what frees a slot asks for admission itself (a run ending here, a NOTIFY from another
   * instance, the fallback poll).
   */
  void runQueued() {
    if (!slotsFull) {
      requestAdmission();
    }
  }

  /** Whether the last admission found every slot taken, or took the last free one. */
  void slotsFull(boolean full) {
    slotsFull = full;
  }

  /** Ask for a claim scan soon. */
  void requestPoll() {
    pollRequested.set(true);
    wake.release();
  }

  /** Ask for admission and a scan, without waking the loop (it is awake: its iteration failed). */
  void requestAll() {
    pollRequested.set(true);
    admitRequested.set(true);
  }

  /** Wakes the loop to look at its hints. */
  void wake() {
    wake.release();
  }

  /** Whether admission was asked for since the last call; clears the request. */
  boolean takeAdmission() {
    return admitRequested.getAndSet(false);
  }

  /** Whether a scan was asked for since the last call; clears the request. */
  boolean takePoll() {
    return pollRequested.getAndSet(false);
  }

  /** Whether an admission or a scan is asked for and not yet taken. */
  boolean requested() {
    return pollRequested.get() || admitRequested.get();
  }

  /** Sleeps up to {@code nanos} or until woken; wake-ups that came meanwhile are used up. */
  void await(long nanos) throws InterruptedException {
    wake.tryAcquire(nanos, TimeUnit.NANOSECONDS);
    wake.drainPermits();
  }
}
