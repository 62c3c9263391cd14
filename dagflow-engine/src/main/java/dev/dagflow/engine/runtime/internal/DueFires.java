package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.CatchupPolicy;
import dev.dagflow.engine.schedule.CronClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fire times of one schedule that are due at {@code now}, split by its catch-up policy into
 * those that start a run and those that are missed, and the next fire time to store.
 *
 * <p>A fire time is late when it is more than {@code max_lateness} old. {@code none} misses every
 * late one; {@code last} starts the newest late one when no on-time fire time follows it; {@code
 * all} starts every one. At most {@code cap} fire times are taken per call; the rest wait for the
 * next tick (so a schedule down for a month catches up in bounded steps).
 *
 * <pre>{@code
 * DueFires due = DueFires.collect(clock, row.nextFireAt(), now, Duration.ofMinutes(5),
 *     CatchupPolicy.LAST, 10_000);
 * }</pre>
 */
record DueFires(List<Instant> start, List<Instant> missed, Instant next) {

  static DueFires collect(
      CronClock clock,
      Instant first,
      Instant now,
      Duration maxLateness,
      CatchupPolicy catchup,
      int cap) {
    List<Instant> late = new ArrayList<>();
    List<Instant> onTime = new ArrayList<>();
    Instant fire = first;
    while (fire != null && !fire.isAfter(now) && late.size() + onTime.size() < cap) {
      (Duration.between(fire, now).compareTo(maxLateness) > 0 ? late : onTime).add(fire);
      fire = clock.nextAfter(fire).orElse(null);
    }
    boolean more = fire != null && !fire.isAfter(now);
    return switch (catchup) {
      case ALL -> new DueFires(concat(late, onTime), List.of(), fire);
      case NONE -> new DueFires(onTime, late, fire);
      case LAST -> {
        if (late.isEmpty() || !onTime.isEmpty() || more) {
          yield new DueFires(onTime, late, fire);
        }
        yield new DueFires(List.of(late.getLast()), late.subList(0, late.size() - 1), fire);
      }
    };
  }

  private static List<Instant> concat(List<Instant> a, List<Instant> b) {
    List<Instant> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
