package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/** The web UI in a real browser against a live server: what a user sees and does. */
class UiBrowserTest extends BrowserTestBase {
  static final String CHAIN =
      """
      id: slow_chain
      nodes:
        - {id: extract, type: mock, config: {duration: 1200ms, output: {rows: 3}}}
        - {id: transform, type: mock, depends_on: [extract], config: {duration: 1200ms}}
        - {id: load, type: mock, depends_on: [transform], config: {duration: 1200ms}}
      """;
  static final String GATED =
      """
      id: gated
      nodes:
        - {id: build, type: noop}
        - {id: release_gate, type: approval, depends_on: [build]}
        - {id: ship, type: noop, depends_on: [release_gate]}
      """;
  static final String FORM =
      """
      id: form_flow
      params:
        count: {type: integer, required: true}
        label: {type: string, default: nightly}
      nodes:
        - {id: only, type: noop}
      """;

  @Override
  ServerFixture server() {
    ServerFixture api = ServerFixture.h2();
    api.register(CHAIN);
    api.register(GATED);
    api.register(FORM);
    return api;
  }

  @BeforeEach
  void blankPage() {
    browser.go("/ui/");
  }

  @Test
  void theRunsListUpdatesLiveWhenARunFinishes() {
    browser.go("/ui/runs");
    String runId = api.submit("slow_chain", "{}");

    String row = "tr[data-run-id='" + runId + "']";
    browser.await(row);
    assertThat(browser.driver.findElement(By.cssSelector(row)).getAttribute("data-status"))
        .isIn("queued", "running");
    browser
        .waitUpTo(Duration.ofSeconds(20))
        .until(ExpectedConditions.attributeToBe(By.cssSelector(row), "data-status", "success"));
  }

  @Test
  void theRunPageRecoloursNodesAsTheRunProgresses() {
    String runId = api.submit("slow_chain", "{}");
    browser.go("/ui/runs/" + runId);
    browser.await("#dag[data-ready='true']");
    // every status the node list shows from now on, in order
    browser.js(
        """
        window.seenStatuses = [];
        new MutationObserver((changes) => changes.forEach((c) => window.seenStatuses.push(
            c.target.dataset.nodeId + ':' + c.target.dataset.status)))
          .observe(document.querySelector('.node-list'),
                   {subtree: true, attributes: true, attributeFilter: ['data-status']});
        """);
    String paintsBefore =
        browser.driver.findElement(By.cssSelector("#dag canvas")).getAttribute("data-paints");

    browser
        .waitUpTo(Duration.ofSeconds(30))
        .until(
            ExpectedConditions.attributeToBe(
                By.cssSelector("section.run[data-run-id='" + runId + "']"),
                "data-status",
                "success"));

    @SuppressWarnings("unchecked")
    List<String> seen = (List<String>) browser.js("return window.seenStatuses");
    assertThat(seen).containsSubsequence("load:running", "load:success");
    assertThat(seen).doesNotContain("load:pending");
    for (String node : List.of("extract", "transform", "load")) {
      assertThat(
              browser
                  .driver
                  .findElement(By.cssSelector(".node-list [data-node-id='" + node + "']"))
                  .getAttribute("data-status"))
          .isEqualTo("success");
    }
    // the canvas repainted with the new colours
    assertThat(
            Integer.parseInt(
                browser
                    .driver
                    .findElement(By.cssSelector("#dag canvas"))
                    .getAttribute("data-paints")))
        .isGreaterThan(Integer.parseInt(paintsBefore));
  }

  @Test
  void approvingFromTheUiLetsAWaitingRunFinish() {
    String runId = api.submit("gated", "{}");
    browser.go("/ui/runs/" + runId + "?node=release_gate");

    // the approval form shows once the node waits for its decision
    browser.awaitVisible("#decision-comment").sendKeys("looks good");
    browser.driver.findElement(By.id("approve")).click();

    browser
        .waitUpTo(Duration.ofSeconds(20))
        .until(
            ExpectedConditions.attributeToBe(
                By.cssSelector("section.run[data-run-id='" + runId + "']"),
                "data-status",
                "success"));
    JsonNode gate = node(api.run(runId), "release_gate");
    assertThat(gate.path("output").path("approved").asBoolean()).isTrue();
    assertThat(gate.path("output").path("comment").asString()).isEqualTo("looks good");
  }

  @Test
  void theSubmitFormShowsTheApisProblemAtTheFieldThenLandsOnTheNewRun() {
    browser.go("/ui/workflows/form_flow");
    browser.await("#param-count");
    assertThat(browser.driver.findElement(By.id("param-label")).getAttribute("value"))
        .isEqualTo("nightly");

    browser.driver.findElement(By.id("submit-run")).click();

    var error = browser.awaitVisible("#param-count-error");
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !error.getText().isBlank());
    assertThat(error.getText()).contains("count");
    assertThat(browser.driver.findElement(By.id("param-count")).getAttribute("aria-invalid"))
        .isEqualTo("true");
    assertThat(browser.driver.findElement(By.id("param-label-error")).getText()).isBlank();

    browser.driver.findElement(By.id("param-count")).sendKeys("3");
    browser.driver.findElement(By.id("submit-run")).click();

    browser
        .waitUpTo(Duration.ofSeconds(10))
        .until(d -> browser.currentPath().startsWith("/ui/runs/"));
    String runId = browser.currentPath().substring("/ui/runs/".length());
    browser.await("section.run[data-run-id='" + runId + "']");
    assertThat(api.run(runId).path("params").path("count").asInt()).isEqualTo(3);
    assertThat(api.run(runId).path("params").path("label").asString()).isEqualTo("nightly");
  }

  @Test
  void aKilledSocketResumesAfterItsLastSeqAndLosesNoEvent() {
    String runId = api.submit("slow_chain", "{}");
    browser.go("/ui/runs/" + runId);
    browser.await("#dag[data-ready='true']");

    for (String node : List.of("extract", "transform")) {
      browser
          .waitUpTo(Duration.ofSeconds(20))
          .until(
              ExpectedConditions.attributeToBe(
                  By.cssSelector(".node-list [data-node-id='" + node + "']"),
                  "data-status",
                  "running"));
      browser.js("window.dagflow.feed.ws.close(4000, 'test kills the socket')");
    }
    browser
        .waitUpTo(Duration.ofSeconds(30))
        .until(
            ExpectedConditions.attributeToBe(
                By.cssSelector("section.run[data-run-id='" + runId + "']"),
                "data-status",
                "success"));
    browser
        .waitUpTo(Duration.ofSeconds(10))
        .until(
            d -> "ended".equals(browser.js("return window.dagflow.feed.ended ? 'ended' : 'no'")));

    @SuppressWarnings("unchecked")
    List<Long> received = (List<Long>) browser.js("return window.dagflow.feed.seqs");
    List<Long> history = new ArrayList<>();
    ServerFixture.json(api.get("/runs/" + runId + "/events?limit=500"))
        .path("items")
        .forEach(e -> history.add(e.path("seq").asLong()));
    assertThat((Long) browser.js("return window.dagflow.feed.reconnects"))
        .isGreaterThanOrEqualTo(2);
    assertThat(received).isEqualTo(history);
  }

  @Test
  void cancellingFromTheUiEndsTheRunAndRetryShowsOnlyWhereTheServerOffersIt() {
    String runId = api.submit("slow_chain", "{}");
    browser.go("/ui/runs/" + runId);
    browser.await("#live-state[data-state='live']");

    browser.driver.findElement(By.id("cancel-run")).click();
    browser.waitUpTo(Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent()).accept();

    String run = "section.run[data-run-id='" + runId + "']";
    browser
        .waitUpTo(Duration.ofSeconds(20))
        .until(ExpectedConditions.attributeToBe(By.cssSelector(run), "data-status", "cancelled"));
    assertThat(api.run(runId).path("status").asString()).isEqualTo("cancelled");
    boolean offered = api.server.routes().contains("POST /runs/{run_id}/retry");
    browser.go("/ui/runs/" + runId);
    browser.await("#dag[data-ready='true']");
    browser.await(".node-list [data-node-id='load']");
    assertThat(browser.driver.findElements(By.id("retry-run"))).hasSize(offered ? 1 : 0);
  }

  @Test
  void schedulesAppearInTheNavigationOnlyWhereTheServerOffersThem() {
    boolean offered = api.server.routes().contains("GET /schedules");
    browser.go("/ui/schedules");

    if (offered) {
      browser.await("a[href='/ui/schedules']");
    } else {
      browser.await("#schedules-unavailable");
      assertThat(browser.driver.findElements(By.cssSelector("a[href='/ui/schedules']"))).isEmpty();
    }
  }

  static JsonNode node(JsonNode run, String id) {
    for (JsonNode n : run.path("nodes")) {
      if (n.path("id").asString().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no node " + id);
  }
}
