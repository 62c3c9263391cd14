package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** A mapped node's items in the run page's node panel, paged from the items route, in chromium. */
class UiMapItemsBrowserTest extends BrowserTestBase {
  private static final String MAPPED =
      """
      id: mapped_ui
      params:
        files: {type: array, default: %s}
      nodes:
        - id: each
          type: mock
          map: {over: params.files, concurrency: 8}
          config: {output: {name: "${item}"}}
      """
          .formatted(IntStream.range(0, 60).mapToObj(i -> "f" + i).toList());

  @Override
  ServerFixture server() {
    ServerFixture api = ServerFixture.h2();
    api.register(MAPPED);
    return api;
  }

  @Test
  void theNodePanelListsAMappedNodesItemsAPageAtATime() {
    String runId = api.submit("mapped_ui", "{}");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.run(runId).path("status").asString().equals("success"));
    browser.go("/ui/runs/" + runId + "?node=each");

    String rows = ".node-panel .map-items tr[data-item-index]";
    browser.await(rows);
    await().atMost(Duration.ofSeconds(10)).until(() -> items(rows) == 50);
    assertThat(browser.await(".node-panel .map-items h3").getText())
        .contains("60 succeeded")
        .contains("60 in all");

    browser.awaitVisible("#more-items").click();

    await().atMost(Duration.ofSeconds(10)).until(() -> items(rows) == 60);
    assertThat(browser.driver.findElements(By.cssSelector(rows)))
        .extracting(e -> e.getAttribute("data-status"))
        .containsOnly("success");
    assertThat(browser.driver.findElements(By.cssSelector(rows)))
        .extracting((WebElement e) -> e.getAttribute("data-item-index"))
        .startsWith("0", "1", "2")
        .endsWith("58", "59");
    assertThat(browser.driver.findElements(By.id("more-items"))).isEmpty();
  }

  private int items(String css) {
    return browser.driver.findElements(By.cssSelector(css)).size();
  }
}
