package dev.dagflow.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.definition.CatchupPolicy;
import dev.dagflow.engine.schedule.CronClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DueFiresTest {
  private static final CronClock EVERY_MINUTE = CronClock.of("* * * * *", ZoneOffset.UTC);
  private static final Instant NOW = Instant.parse("2026-01-01T10:00:30Z");
  private static final Duration LATENESS = Duration.ofMinutes(2);

  private static Instant at(String hhmm) {
    return Instant.parse("2026-01-01T" + hhmm + ":00Z");
  }

  /** Down since 09:55: 09:55 … 09:58 are late (over 2 minutes), 09:59 and 10:00 on time. */
  private static DueFires afterDowntime(CatchupPolicy policy) {
    return DueFires.collect(EVERY_MINUTE, at("09:55"), NOW, LATENESS, policy, 10_000);
  }

  @Test
  void noneMissesEveryLateFireTimeAndStartsTheOnTimeOnes() {
    DueFires due = afterDowntime(CatchupPolicy.NONE);
    assertThat(due.missed()).containsExactly(at("09:55"), at("09:56"), at("09:57"), at("09:58"));
    assertThat(due.start()).containsExactly(at("09:59"), at("10:00"));
    assertThat(due.next()).isEqualTo(at("10:01"));
  }

  @Test
  void allStartsEveryFireTimeOldestFirst() {
    DueFires due = afterDowntime(CatchupPolicy.ALL);
    assertThat(due.missed()).isEmpty();
    assertThat(due.start()).hasSize(6).startsWith(at("09:55")).endsWith(at("10:00"));
  }

  @Test
  void lastStartsTheNewestLateFireTimeWhenNoneIsOnTime() {
    Instant now = Instant.parse("2026-01-01T10:05:30Z"); // everything up to 10:03 is late
    DueFires due =
        DueFires.collect(EVERY_MINUTE, at("10:01"), now, LATENESS, CatchupPolicy.LAST, 100);
    assertThat(due.missed()).containsExactly(at("10:01"), at("10:02"), at("10:03"));
    assertThat(due.start()).containsExactly(at("10:04"), at("10:05"));

    DueFires longDown =
        DueFires.collect(
            EVERY_MINUTE, at("09:00"), at("09:30"), Duration.ZERO, CatchupPolicy.LAST, 100);
    assertThat(longDown.start()).containsExactly(at("09:30")).hasSize(1);
    assertThat(longDown.missed()).hasSize(30);
  }

  @Test
  void lastWithOnTimeFireTimesMissesTheLateOnes() {
    DueFires due = afterDowntime(CatchupPolicy.LAST);
    assertThat(due.missed()).hasSize(4);
    assertThat(due.start()).containsExactly(at("09:59"), at("10:00"));
  }

  @Test
  void aCapLeavesTheRestForTheNextTick() {
    DueFires due =
        DueFires.collect(EVERY_MINUTE, at("09:00"), NOW, Duration.ZERO, CatchupPolicy.LAST, 10);
    assertThat(due.missed()).hasSize(10);
    assertThat(due.start()).isEmpty();
    assertThat(due.next()).isEqualTo(at("09:10"));
  }

  @Test
  void nothingIsDueBeforeTheNextFireTime() {
    DueFires due =
        DueFires.collect(EVERY_MINUTE, at("10:01"), NOW, LATENESS, CatchupPolicy.ALL, 10);
    assertThat(due.start()).isEmpty();
    assertThat(due.missed()).isEmpty();
    assertThat(due.next()).isEqualTo(at("10:01"));
  }
}
