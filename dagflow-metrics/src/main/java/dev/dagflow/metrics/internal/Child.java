package dev.dagflow.metrics.internal;

import io.prometheus.metrics.core.datapoints.DataPoint;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One label set of a guarded metric: its values, their hash, the client_java data point, and an
 * exemplar gate.
 *
 * <p>The gate exists because building exemplar {@code Labels} costs more than the observation:
 * client_java validates the label name on every {@code Labels.of}, then its exemplar sampler drops
 * all but one offer per sample interval (90 ms by default). {@link #exemplarDue} lets one offer
 * through per interval, so the labels are only built when the sampler would look at them.
 *
 * <pre>{@code
 * Child<DistributionDataPoint> child = guard.child("phase", "design");
 * if (child.exemplarDue(System.nanoTime(), Child.EXEMPLAR_INTERVAL_NANOS)) {
 *   child.point().observeWithExemplar(0.3, Labels.of("run_id", runId));
 * } else {
 *   child.point().observe(0.3);
 * }
 * }</pre>
 *
 * @param <D> the data point type
 */
public final class Child<D extends DataPoint> {

  /** client_java's default exemplar sample interval. */
  public static final long EXEMPLAR_INTERVAL_NANOS = 90_000_000L;

  private final String[] values;
  private final int hash;
  private final D point;
  private final AtomicLong nextExemplarNanos = new AtomicLong(Long.MIN_VALUE);

  Child(String[] values, int hash, D point) {
    this.values = values;
    this.hash = hash;
    this.point = point;
  }

  /** The client_java data point to record on. */
  public D point() {
    return point;
  }

  /**
   * True at most once per {@code intervalNanos}: the caller should then offer an exemplar. Racing
   * callers are resolved by one compare-and-set; losers record without one.
   */
  public boolean exemplarDue(long nowNanos, long intervalNanos) {
    long next = nextExemplarNanos.get();
    return (next == Long.MIN_VALUE || nowNanos - next >= 0)
        && nextExemplarNanos.compareAndSet(next, nowNanos + intervalNanos);
  }

  String[] values() {
    return values;
  }

  int hash() {
    return hash;
  }

  boolean matches(String a, String b, String c, int count) {
    return values.length == count
        && a.equals(values[0])
        && (count < 2 || b.equals(values[1]))
        && (count < 3 || c.equals(values[2]));
  }
}
