package dev.dagflow.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronClockTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** Every fire time in [from, to). */
  private static List<Instant> fires(CronClock clock, String from, String to) {
    List<Instant> out = new ArrayList<>();
    Instant end = Instant.parse(to);
    Instant t = clock.nextAfter(Instant.parse(from).minusNanos(1)).orElseThrow();
    while (t.isBefore(end)) {
      out.add(t);
      t = clock.nextAfter(t).orElseThrow();
    }
    return out;
  }

  @Test
  void dailyTimeInTheSpringForwardGapFiresOnceAtTheEndOfTheGap() {
    // 2026-03-29: Berlin jumps from 02:00 CET to 03:00 CEST; 02:30 does not exist that day
    CronClock clock = CronClock.of("30 2 * * *", BERLIN);
    assertThat(fires(clock, "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z"))
        .containsExactly(
            Instant.parse("2026-03-28T01:30:00Z"), // 02:30 CET
            Instant.parse("2026-03-29T01:00:00Z"), // 03:00 CEST, the end of the gap
            Instant.parse("2026-03-30T00:30:00Z")); // 02:30 CEST
  }

  @Test
  void dailyTimeRepeatedByTheFallBackFiresOnceAtItsFirstOccurrence() {
    // 2026-10-25: Berlin goes back from 03:00 CEST to 02:00 CET; 02:30 happens twice
    CronClock clock = CronClock.of("30 2 * * *", BERLIN);
    assertThat(fires(clock, "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z"))
        .containsExactly(
            Instant.parse("2026-10-24T00:30:00Z"), // 02:30 CEST
            Instant.parse("2026-10-25T00:30:00Z"), // 02:30 CEST, the first of the two
            Instant.parse("2026-10-26T01:30:00Z")); // 02:30 CET
  }

  @Test
  void hourlyScheduleNeverFiresTwiceAtOneInstantAcrossBothTransitions() {
    CronClock clock = CronClock.of("0 * * * *", NEW_YORK);
    // 2026-03-08 spring forward (02:00 EST -> 03:00 EDT), 2026-11-01 fall back (02:00 EDT -> 01:00)
    List<Instant> spring = fires(clock, "2026-03-08T05:00:00Z", "2026-03-08T09:00:00Z");
    assertThat(spring)
        .containsExactly(
            Instant.parse("2026-03-08T05:00:00Z"), // 00:00 EST
            Instant.parse("2026-03-08T06:00:00Z"), // 01:00 EST
            Instant.parse("2026-03-08T07:00:00Z"), // 02:00 (gap) -> 03:00 EDT, once
            Instant.parse("2026-03-08T08:00:00Z")); // 04:00 EDT
    List<Instant> fall = fires(clock, "2026-11-01T04:00:00Z", "2026-11-01T09:00:00Z");
    assertThat(fall)
        .containsExactly(
            Instant.parse("2026-11-01T04:00:00Z"), // 00:00 EDT
            Instant.parse("2026-11-01T05:00:00Z"), // 01:00 EDT (01:00 EST is not fired again)
            Instant.parse("2026-11-01T07:00:00Z"), // 02:00 EST
            Instant.parse("2026-11-01T08:00:00Z")); // 03:00 EST
    assertThat(fall).doesNotHaveDuplicates();
  }

  @Test
  void sixFieldsPutSecondsFirst() {
    CronClock clock = CronClock.of("*/15 * * * * *", ZoneOffset.UTC);
    assertThat(fires(clock, "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z"))
        .containsExactly(
            Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:00:15Z"),
            Instant.parse("2026-01-01T00:00:30Z"),
            Instant.parse("2026-01-01T00:00:45Z"));
  }

  @Test
  void fiveFieldsAreUnixCron() {
    CronClock clock = CronClock.of("0 9 * * 1-5", ZoneOffset.UTC);
    // 2026-01-02 is a Friday: the next weekday 09:00 after it is Monday the 5th
    assertThat(clock.nextAfter(Instant.parse("2026-01-02T10:00:00Z")))
        .contains(Instant.parse("2026-01-05T09:00:00Z"));
  }

  @Test
  void malformedExpressionsSayWhatIsWrong() {
    assertThatThrownBy(() -> CronClock.parse("* * *"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 3 fields");
    assertThatThrownBy(() -> CronClock.parse("61 * * * *"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cron '61 * * * *'");
  }
}
