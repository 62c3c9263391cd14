package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * The runs list following the global event stream, the timeline's attempts and the schedules page,
 * in a real browser against a live server.
 */
class UiLiveTest extends BrowserTestBase {
  static final String CHAIN =
      """
      id: live_chain
      nodes:
        - {id: first, type: mock, config: {duration: 800ms}}
        - {id: second, type: mock, depends_on: [first], config: {duration: 800ms}}
      """;
  static final String FLAKY =
      """
      id: flaky_once
      nodes:
        - id: flaky
          type: mock
          retry: {max_attempts: 2, backoff: fixed, delay: 300ms}
          config: {fail_attempts: 1, duration: 300ms}
        - {id: after, type: mock, depends_on: [flaky], config: {duration: 100ms}}
      """;

  static final String WITH_SLO =
      """
      id: slo_flow
      slo:
        objectives:
          - {name: ok, type: success_ratio, target: 90}
          - {name: fast, type: duration, threshold: 60s, target: 95}
      schedules:
        - {id: hourly, cron: "0 * * * *"}
      nodes:
        - {id: only, type: noop}
      """;

  @Override
  ServerFixture server() throws IOException {
    ServerFixture api = ServerFixture.h2();
    api.register(CHAIN);
    api.register(FLAKY);
    api.register(WITH_SLO);
    api.register(Files.readString(Path.of("../examples/scheduled_report.yaml")));
    return api;
  }

  @Test
  void theRunsListShowsNewRunsAndTheirStatusFromTheEventStreamWithoutRereading() {
    browser.go("/ui/runs");
    browser.await("#runs-live[data-state='live']");
    String first = api.submit("live_chain", "{}");

    awaitRowStatus(first, "success");

    // kill the stream: the list reconnects from its last cursor and misses no run
    browser.js("window.dagflow.runsFeed.ws.close()");
    String second = api.submit("live_chain", "{}");
    awaitRowStatus(second, "success");
    assertThat(((Number) browser.js("return window.dagflow.runsFeed.reconnects")).intValue())
        .isGreaterThanOrEqualTo(1);
    // the list asks only for run events, and still after the reconnect
    assertThat((String) browser.js("return window.dagflow.runsFeed.ws.url"))
        .contains("/ws/events?type=run.*&after=");
    // the page of runs was read once: rows change from events, not from polling
    assertThat(
            ((Number)
                    browser.js(
                        "return performance.getEntriesByType('resource')"
                            + ".filter((e) => new URL(e.name).pathname === '/runs').length"))
                .intValue())
        .isEqualTo(1);
    // newest first
    List<String> ids =
        browser.driver.findElements(By.cssSelector("table.runs tbody tr")).stream()
            .map(r -> r.getAttribute("data-run-id"))
            .toList();
    assertThat(ids).containsSubsequence(second, first);
  }

  @Test
  void aRunThatReachesTheFilteredStatusLaterEntersTheList() {
    browser.go("/ui/runs?status=success");
    browser.await("#runs-live[data-state='live']");
    // queued and running do not match the filter; the run enters the list when it succeeds
    String runId = api.submit("live_chain", "{}");

    awaitRowStatus(runId, "success");
    assertThat(
            browser.driver.findElements(By.cssSelector("table.runs tbody tr")).stream()
                .map(r -> r.getAttribute("data-status"))
                .toList())
        .containsOnly("success");
  }

  @Test
  void theTimelineShowsEachAttemptOfANodeThatFailedOnceThenSucceeded() {
    String runId = api.submit("flaky_once", "{}");
    browser.go("/ui/runs/" + runId); // live: the attempts come from the run's stream
    browser
        .waitUpTo(Duration.ofSeconds(30))
        .until(
            ExpectedConditions.attributeToBe(
                By.cssSelector("section.run[data-run-id='" + runId + "']"),
                "data-status",
                "success"));
    assertTwoAttemptBars();

    browser.go("/ui/"); // finished: the attempts come from the run's stored events
    browser.go("/ui/runs/" + runId);
    browser.await("section.run[data-status='success']");
    assertTwoAttemptBars();
  }

  @Test
  void schedulesPauseResumeAndFireFromTheirPage() {
    browser.go("/ui/schedules");
    String row = "tr[data-workflow-id='scheduled_report'][data-schedule-id='nightly']";
    browser.await(row + "[data-status='active']");

    browser.await(row + " button[data-action='pause']").click();
    browser.await(row + "[data-status='paused']");
    assertThat(nightly().path("paused").asBoolean()).isTrue();

    browser.await(row + " button[data-action='resume']").click();
    browser.await(row + "[data-status='active']");
    assertThat(nightly().path("paused").asBoolean()).isFalse();

    browser.await(row + " button[data-action='trigger']").click();
    WebElement fired = browser.await("#schedule-fired a");
    String runId = fired.getAttribute("href").replaceAll(".*/runs/", "");
    JsonNode run = api.run(runId);
    assertThat(run.path("workflow_id").asString()).isEqualTo("scheduled_report");
    assertThat(run.path("trigger").path("type").asString()).isEqualTo("schedule");
    assertThat(run.path("trigger").path("schedule_id").asString()).isEqualTo("nightly");
  }

  @Test
  void aWorkflowPageShowsItsObjectivesAgainstItsRunsAndActsOnItsSchedules() {
    api.post("/workflow/slo_flow/execute", "{}");
    browser.go("/ui/workflows/slo_flow");
    browser.await("#slo tr[data-slo='ok'][data-status='met']");
    browser.await("#slo tr[data-slo='fast'][data-status='met']");

    String row = "#workflow-schedules tr[data-schedule-id='hourly']";
    browser.await(row + "[data-status='active'] button[data-action='pause']").click();
    browser.await(row + "[data-status='paused']");
    browser.await(row + " button[data-action='trigger']").click();
    // the run the schedule started shows among the workflow's recent runs
    browser.await("table.runs td.trigger");
    browser
        .waitUpTo(Duration.ofSeconds(10))
        .until(
            d ->
                d.findElements(By.cssSelector("table.runs td.trigger")).stream()
                    .anyMatch(td -> td.getText().equals("schedule hourly")));
    api.post("/schedules/slo_flow/hourly/resume", "");
  }

  @Test
  void theTriggerAndTimeFiltersLiveInTheUrl() {
    String scheduled =
        ServerFixture.json(api.post("/schedules/scheduled_report/weekday_morning/trigger", ""))
            .path("run_id")
            .asString();
    String manual = api.submit("live_chain", "{}");
    String since = api.run(scheduled).path("queued_at").asString();

    browser.go("/ui/runs?trigger=schedule&queued_since=" + since);
    browser.await("tr[data-run-id='" + scheduled + "']");
    assertThat(browser.driver.findElements(By.cssSelector("tr[data-run-id='" + manual + "']")))
        .isEmpty();
    assertThat(browser.await("#filter-trigger").getAttribute("value")).isEqualTo("schedule");
    assertThat(browser.await("#filter-since").getAttribute("value")).isNotEmpty();

    // choosing another trigger in the form rewrites the URL and the rows
    new org.openqa.selenium.support.ui.Select(browser.await("#filter-trigger"))
        .selectByValue("api");
    browser.await("#filter-apply").click();
    browser.await("tr[data-run-id='" + manual + "']");
    assertThat(browser.currentPath()).contains("trigger=api").contains("queued_since=");
    assertThat(browser.driver.findElements(By.cssSelector("tr[data-run-id='" + scheduled + "']")))
        .isEmpty();
  }

  private JsonNode nightly() {
    for (JsonNode s : ServerFixture.json(api.get("/schedules")).path("items")) {
      if (s.path("schedule_id").asString().equals("nightly")) {
        return s;
      }
    }
    throw new AssertionError("no nightly schedule");
  }

  private void awaitRowStatus(String runId, String status) {
    browser
        .waitUpTo(Duration.ofSeconds(30))
        .until(
            ExpectedConditions.attributeToBe(
                By.cssSelector("tr[data-run-id='" + runId + "']"), "data-status", status));
  }

  private void assertTwoAttemptBars() {
    browser
        .waitUpTo(Duration.ofSeconds(10))
        .until(
            d -> d.findElements(By.cssSelector(".gantt .bar[data-node-id='flaky']")).size() == 2);
    List<String> outcomes =
        browser.driver.findElements(By.cssSelector(".gantt .bar[data-node-id='flaky']")).stream()
            .map(b -> b.getAttribute("data-attempt") + ":" + b.getAttribute("data-status"))
            .toList();
    assertThat(outcomes).containsExactly("1:failure", "2:success");
  }
}
