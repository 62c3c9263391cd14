package dev.dagflow.engine.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/**
 * The fire times of a cron expression in an IANA time zone. Five fields are Unix cron, six put
 * seconds first (cron-utils' Unix and Spring definitions).
 *
 * <p>Fire times follow the zone's wall clock, and each wall-clock time fires at most once: a time
 * that a spring-forward skips fires once, at the instant the gap ends; a time that a fall-back
 * repeats fires once, at its first occurrence. cron-utils matches wall-clock times (it is given
 * them as UTC, which has no transitions); this class maps them to instants.
 *
 * <pre>{@code
 * CronClock clock = CronClock.of("30 2 * * *", ZoneId.of("Europe/Berlin"));
 * Instant next = clock.nextAfter(Instant.now()).orElseThrow();
 * }</pre>
 */
public final class CronClock {
  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser WITH_SECONDS =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

  /** Wall-clock matches tried per call: a fall-back repeats at most a few hours of them. */
  private static final int MAX_STEPS = 100_000;

  private final ExecutionTime times;
  private final ZoneId zone;

  private CronClock(ExecutionTime times, ZoneId zone) {
    this.times = times;
    this.zone = zone;
  }

  /** Parses an expression; throws {@link IllegalArgumentException} saying what is wrong with it. */
  public static CronClock of(String expression, ZoneId zone) {
    return new CronClock(ExecutionTime.forCron(parse(expression)), zone);
  }

  /** Parses and validates an expression of 5 or 6 fields; throws IllegalArgumentException. */
  public static Cron parse(String expression) {
    String trimmed = expression == null ? "" : expression.trim();
    int fields = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    CronParser parser =
        switch (fields) {
          case 5 -> UNIX;
          case 6 -> WITH_SECONDS;
          default ->
              throw new IllegalArgumentException(
                  "cron '%s' has %d fields: use 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)"
                      .formatted(expression, fields));
        };
    try {
      return parser.parse(trimmed).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cron '" + expression + "': " + e.getMessage(), e);
    }
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first fire time strictly after {@code after}; empty when the expression never fires. */
  public Optional<Instant> nextAfter(Instant after) {
    LocalDateTime wall = LocalDateTime.ofInstant(after, zone);
    for (int step = 0; step < MAX_STEPS; step++) {
      Optional<ZonedDateTime> match = times.nextExecution(wall.atZone(ZoneOffset.UTC));
      if (match.isEmpty()) {
        return Optional.empty();
      }
      wall = match.get().toLocalDateTime();
      Instant fire = instantOf(wall);
      // a repeated wall-clock time maps to its first occurrence, which may lie before `after`
      if (fire.isAfter(after)) {
        return Optional.of(fire);
      }
    }
    return Optional.empty();
  }

  /** The first occurrence of a wall-clock time; a time in a gap maps to the end of the gap. */
  private Instant instantOf(LocalDateTime wall) {
    ZoneOffsetTransition transition = zone.getRules().getTransition(wall);
    if (transition != null && transition.isGap()) {
      return transition.getInstant();
    }
    return wall.atZone(zone).withEarlierOffsetAtOverlap().toInstant();
  }
}
