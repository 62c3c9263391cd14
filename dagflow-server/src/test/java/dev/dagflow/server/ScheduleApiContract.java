package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The schedule routes and metrics as a client sees them: list, pause, resume, fire now, the run's
 * trigger, 404s, and {@code dag_schedule_*} on {@code /metrics}.
 */
abstract class ScheduleApiContract {
  private static final String NIGHTLY =
      """
      id: nightly_report
      params:
        who: {type: string, default: api}
      schedules:
        - {id: nightly, cron: "30 2 * * *", timezone: Europe/Berlin, params: {who: cron}}
      nodes:
        - {id: a, type: noop}
      """;

  private static final String EVERY_SECOND =
      """
      id: every_second
      schedules:
        - {id: tick, cron: "* * * * * *", overlap: allow}
      nodes:
        - {id: a, type: noop}
      """;

  abstract ServerFixture fixture();

  @Test
  void listsPausesResumesAndTriggersASchedule() {
    try (ServerFixture api = fixture()) {
      api.register(NIGHTLY);

      JsonNode listed = ServerFixture.json(api.get("/schedules")).path("items").get(0);
      assertThat(listed.path("workflow_id").asString()).isEqualTo("nightly_report");
      assertThat(listed.path("schedule_id").asString()).isEqualTo("nightly");
      assertThat(listed.path("cron").asString()).isEqualTo("30 2 * * *");
      assertThat(listed.path("timezone").asString()).isEqualTo("Europe/Berlin");
      assertThat(Instant.parse(listed.path("next_fire_time").asString())).isAfter(Instant.now());
      assertThat(listed.path("paused").asBoolean()).isFalse();

      HttpResponse<String> paused = api.post("/schedules/nightly_report/nightly/pause", "");
      assertThat(paused.statusCode()).isEqualTo(200);
      assertThat(ServerFixture.json(paused).path("paused").asBoolean()).isTrue();

      HttpResponse<String> fired = api.post("/schedules/nightly_report/nightly/trigger", "");
      assertThat(fired.statusCode()).isEqualTo(202);
      String location = fired.headers().firstValue("Location").orElseThrow();
      JsonNode run = ServerFixture.json(api.get(location));
      assertThat(run.path("params").path("who").asString()).isEqualTo("cron");
      assertThat(run.path("trigger").path("type").asString()).isEqualTo("schedule");
      assertThat(run.path("trigger").path("schedule_id").asString()).isEqualTo("nightly");
      assertThat(Instant.parse(run.path("trigger").path("fire_time").asString()))
          .isBefore(Instant.now().plusSeconds(1));
      JsonNode inList =
          ServerFixture.json(api.get("/runs?workflow_id=nightly_report")).path("items").get(0);
      assertThat(inList.path("trigger").path("type").asString()).isEqualTo("schedule");

      HttpResponse<String> resumed = api.post("/schedules/nightly_report/nightly/resume", "");
      assertThat(ServerFixture.json(resumed).path("paused").asBoolean()).isFalse();
      assertThat(ServerFixture.json(resumed).path("last_run_id").asString())
          .isEqualTo(run.path("run_id").asString());
    }
  }

  @Test
  void unknownScheduleIs404NamingIt() {
    try (ServerFixture api = fixture()) {
      api.register(NIGHTLY);
      HttpResponse<String> r = api.post("/schedules/nightly_report/weekly/pause", "");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(ServerFixture.json(r).path("detail").asString())
          .isEqualTo("schedule not found: nightly_report/weekly");
    }
  }

  @Test
  void apiRunsCarryTheApiTrigger() {
    try (ServerFixture api = fixture()) {
      api.register(NIGHTLY);
      HttpResponse<String> r = api.post("/workflows/nightly_report/runs", "{}");
      String location = r.headers().firstValue("Location").orElseThrow();
      assertThat(ServerFixture.json(api.get(location)).path("trigger").path("type").asString())
          .isEqualTo("api");
    }
  }

  @Test
  void scheduleMetricsCountFiresLagAndNextFireTimeUntilTheWorkflowIsDeleted() {
    try (ServerFixture api = fixture()) {
      api.register(EVERY_SECOND);
      String[] started = {"workflow_name", "every_second", "schedule_id", "tick", "outcome"};

      Scrape initial = Scrape.parse(api.scrape());
      assertThat(initial.has("dag_schedule_fires_total", withOutcome(started, "missed"))).isTrue();

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  Scrape.parse(api.scrape())
                          .value("dag_schedule_fires_total", withOutcome(started, "started"))
                      >= 2);
      Scrape scrape = Scrape.parse(api.scrape());
      assertThat(scrape.value("dag_schedule_lag_seconds_count", "workflow_name", "every_second"))
          .isGreaterThanOrEqualTo(2);
      double next =
          scrape.value(
              "dag_schedule_next_fire_timestamp_seconds",
              "workflow_name",
              "every_second",
              "schedule_id",
              "tick");
      assertThat(next).isGreaterThan(Instant.now().getEpochSecond() - 5.0);

      assertThat(api.delete("/workflows/every_second").statusCode()).isEqualTo(204);
      assertThat(ServerFixture.json(api.get("/schedules")).path("items").isEmpty()).isTrue();
      Scrape after = Scrape.parse(api.scrape());
      assertThat(after.has("dag_schedule_fires_total", "workflow_name", "every_second")).isFalse();
      assertThat(after.has("dag_schedule_next_fire_timestamp_seconds")).isFalse();
    }
  }

  private static String[] withOutcome(String[] labels, String outcome) {
    String[] all = java.util.Arrays.copyOf(labels, labels.length + 1);
    all[labels.length] = outcome;
    return all;
  }
}
