package dev.dagflow.engine.definition;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * One entry of a definition's {@code schedules:}: a cron expression read in an IANA time zone, the
 * params of the runs it starts, and its overlap and catch-up policies.
 *
 * <pre>{@code
 * ScheduleSpec nightly = definition.schedules().getFirst();
 * CronClock clock = CronClock.of(nightly.cron(), nightly.timezone());
 * }</pre>
 */
public record ScheduleSpec(
    String id,
    String cron,
    ZoneId timezone,
    Map<String, Object> params,
    OverlapPolicy overlap,
    CatchupPolicy catchup,
    Duration maxLateness,
    boolean enabled) {

  /** A fire time found later than this counts as late unless the definition says otherwise. */
  public static final Duration DEFAULT_MAX_LATENESS = Duration.ofMinutes(5);
}
