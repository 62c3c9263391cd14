package dev.dagflow.engine.runtime.internal;

import java.util.concurrent.Future;

/**
 * One attempt running on this instance. {@code stopReason} is set before the thread is interrupted
 * so the attempt reports why; {@code abandoned} drops its completion (lease lost, released, or the
 * engine halted).
 */
public final class Execution {
  final Claimed claimed;
  final Thread thread;
  volatile String stopReason;
  volatile boolean abandoned;
  volatile Future<?> timer;

  Execution(Claimed claimed, Thread thread) {
    this.claimed = claimed;
    this.thread = thread;
  }

  void stop(String reason, boolean abandon) {
    if (stopReason == null) {
      stopReason = reason;
    }
    abandoned |= abandon;
    thread.interrupt();
  }
}
