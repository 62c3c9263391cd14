package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * The runs list following the global event stream, the timeline's attempts and the schedules page,
 * in a real browser against a live server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiLiveTest {
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

  private ServerFixture api;
  private Browser browser;

  @BeforeAll
  void start() throws IOException {
    Browser.requireChromium();
    api = ServerFixture.h2();
    api.register(CHAIN);
    api.register(FLAKY);
    api.register(Files.readString(Path.of("../examples/scheduled_report.yaml")));
    browser = Browser.open(api.base);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (api != null) {
      api.close();
    }
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
