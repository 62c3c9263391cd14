package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The UI on a server with API tokens: it asks for one, keeps it for the tab, and streams with it.
 */
class UiAuthBrowserTest extends BrowserTestBase {

  @Override
  ServerFixture server() {
    ServerFixture api =
        ServerFixture.on(false, e -> {}, s -> s.tokens(ApiTokens.parse("ui-writer:write")));
    api.token = "ui-writer";
    api.register(UiBrowserTest.GATED);
    return api;
  }

  @Test
  void asksForATokenOnA401AndStreamsTheRunWithIt() {
    String runId = api.submit("gated", "{}");
    browser.go("/ui/runs/" + runId);

    browser.awaitVisible("#token-dialog #token-input").sendKeys("not-a-token");
    browser.driver.findElement(By.id("token-submit")).click();
    // a refused token asks again
    browser
        .waitUpTo(Duration.ofSeconds(10))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("token-dialog"), "refused"));
    browser.awaitVisible("#token-dialog #token-input").sendKeys("ui-writer");
    browser.driver.findElement(By.id("token-submit")).click();

    // the run page loads and follows the run over a WebSocket that carries the token
    browser.await("#live-state[data-state='live']");
    api.post("/runs/" + runId + "/nodes/release_gate/approve", "{}");
    browser
        .waitUpTo(Duration.ofSeconds(30))
        .until(
            ExpectedConditions.attributeToBe(
                By.cssSelector("section.run[data-run-id='" + runId + "']"),
                "data-status",
                "success"));
    assertThat((Long) browser.js("return window.dagflow.feed.received")).isPositive();
    assertThat(browser.js("return sessionStorage.getItem('dagflow.token')")).isEqualTo("ui-writer");
    assertThat(browser.driver.getCurrentUrl()).doesNotContain("ui-writer");

    // the token lives for the tab: the next page asks for nothing
    browser.go("/ui/runs");
    browser.await("tr[data-run-id='" + runId + "']");
    assertThat(browser.driver.findElement(By.id("token-dialog")).isDisplayed()).isFalse();
  }
}
