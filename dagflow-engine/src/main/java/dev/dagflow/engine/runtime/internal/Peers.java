package dev.dagflow.engine.runtime.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The other instances on this database that were heard from lately (their wake-ups' senders), so an
 * instance can take its share of what they all use: {@link #active()} counts them and this one.
 *
 * <pre>{@code
 * Peers peers = new Peers(Duration.ofSeconds(10));
 * if (peers.heard(notice.sender())) { rebalance(peers.active()); }
 * }</pre>
 */
final class Peers {
  private final long windowNanos;
  private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();

  Peers(Duration window) {
    this.windowNanos = window.toNanos();
  }

  /** Notes a wake-up from {@code sender}; true when it was not counted as active before. */
  boolean heard(String sender) {
    if (sender == null) {
      return false;
    }
    long now = System.nanoTime();
    Long before = lastHeard.put(sender, now);
    return before == null || now - before > windowNanos;
  }

  /** This instance and the others heard from within the window (older ones are forgotten). */
  int active() {
    long now = System.nanoTime();
    lastHeard.values().removeIf(at -> now - at > windowNanos);
    return 1 + lastHeard.size();
  }
}
