package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/** The run page's Retry button against a real server, in chromium. */
class UiRetryBrowserTest extends BrowserTestBase {
  private static final String FAILS_ONCE =
      """
      id: fails_once
      nodes:
        - {id: fetch, type: mock, config: {output: {rows: 3}}}
        - {id: flaky, type: mock, depends_on: [fetch], config: {fail_attempts: 1}}
      """;

  @Override
  ServerFixture server() {
    ServerFixture api = ServerFixture.h2();
    api.register(FAILS_ONCE);
    return api;
  }

  @Test
  void retryingAFailedRunFromItsPageShowsItSucceed() {
    String runId = api.submit("fails_once", "{}");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.run(runId).path("status").asString().equals("failure"));
    browser.go("/ui/runs/" + runId);
    String run = "section.run[data-run-id='" + runId + "']";
    browser.await(run + "[data-status='failure']");

    browser.awaitVisible("#retry-run").click();

    browser
        .waitUpTo(Duration.ofSeconds(20))
        .until(ExpectedConditions.attributeToBe(By.cssSelector(run), "data-status", "success"));
    assertThat(browser.driver.findElements(By.id("retry-run"))).isEmpty();
    browser.await(".node-list [data-node-id='flaky'][data-status='success']");
    JsonNode nodes = api.run(runId).path("nodes");
    assertThat(nodes.findValues("attempts")).extracting(JsonNode::asInt).containsExactly(1, 2);
  }
}
