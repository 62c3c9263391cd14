package dev.dagflow.server;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Screenshots of the main pages, light and dark, for the docs: {@code make screenshots} writes them
 * to {@code docs/ui/}. Not part of {@code make test} (its name does not end in Test).
 */
class UiScreenshots {
  static final String RELEASE =
      """
      id: release
      description: Build, test in parallel, approve, ship
      params:
        version: {type: string, required: true}
        dry_run: {type: boolean, default: false}
        shards: {type: integer, default: 4}
      slo:
        objectives:
          - {name: success, type: success_ratio, target: 99}
          - {name: fast, type: duration, threshold: 60s, target: 95}
      schedules:
        - {id: nightly_rc, cron: "0 3 * * *", timezone: Europe/Berlin, params: {version: nightly}}
      nodes:
        - id: checkout
          type: mock
          retry: {max_attempts: 2, backoff: fixed, delay: 300ms}
          config: {duration: 200ms, fail_attempts: 1}
        - {id: compile, type: mock, depends_on: [checkout], config: {duration: 400ms, output: {jar: app.jar}}}
        - {id: unit_tests, type: mock, depends_on: [compile], config: {duration: 600ms, quality_score: 0.93}}
        - {id: integration_tests, type: mock, depends_on: [compile], config: {duration: 900ms}}
        - {id: lint, type: mock, depends_on: [checkout], config: {duration: 300ms}}
        - {id: security_scan, type: mock, depends_on: [compile], config: {duration: 700ms}}
        - {id: package, type: mock, depends_on: [unit_tests, integration_tests, lint, security_scan], config: {duration: 300ms, artifacts: [{type: binary, name: app.tar.gz, size_bytes: 1048576}]}}
        - {id: approve_release, type: approval, depends_on: [package]}
        - {id: deploy, type: mock, depends_on: [approve_release], config: {duration: 300ms}}
        - {id: announce, type: noop, depends_on: [deploy]}
      """;
  static final String FLAKY =
      """
      id: nightly_report
      nodes:
        - {id: fetch, type: mock, config: {duration: 100ms}}
        - {id: aggregate, type: mock, depends_on: [fetch], config: {fail: "upstream returned 503"}}
        - {id: publish, type: noop, depends_on: [aggregate]}
      """;

  @Test
  void mainPagesLightAndDark() {
    String dir = System.getenv("DAGFLOW_SCREENSHOTS");
    Assumptions.assumeTrue(dir != null, "set DAGFLOW_SCREENSHOTS to a folder (make screenshots)");
    try (ServerFixture api = ServerFixture.h2();
        Browser browser = Browser.open(api.base)) {
      api.register(RELEASE);
      api.register(FLAKY);
      api.register(UiBrowserTest.CHAIN);
      api.submit("nightly_report", "{}");
      api.submit("slow_chain", "{}");
      String done = api.submit("release", "{\"version\": \"1.4.0\"}");
      api.engine.awaitTerminal(
          java.util.UUID.fromString(api.submit("nightly_report", "{}")), Duration.ofSeconds(30));
      awaitWaiting(api, done);
      api.post("/runs/" + done + "/nodes/approve_release/approve", "{\"comment\": \"ship it\"}");
      api.engine.awaitTerminal(java.util.UUID.fromString(done), Duration.ofSeconds(30));
      String waiting = api.submit("release", "{\"version\": \"1.5.0-rc1\"}");
      awaitWaiting(api, waiting);

      for (String theme : new String[] {"light", "dark"}) {
        browser.go("/ui/runs");
        browser.js("localStorage.setItem('dagflow.theme', arguments[0])", theme);
        browser.go("/ui/runs");
        browser.await("tr[data-run-id]");
        shoot(browser, dir, "runs", theme);

        browser.go("/ui/runs/" + waiting + "?node=approve_release");
        browser.await("#dag[data-ready='true']");
        browser.awaitVisible("#decision-comment");
        shoot(browser, dir, "run", theme);

        browser.go("/ui/workflows/release");
        browser.await("#param-version");
        browser.await("#slo tr[data-status='met']");
        browser.await("#workflow-schedules tr[data-schedule-id]");
        shoot(browser, dir, "workflow", theme);

        browser.go("/ui/schedules");
        browser.await("tr[data-schedule-id='nightly_rc']");
        shoot(browser, dir, "schedules", theme);
      }
    }
  }

  private static void awaitWaiting(ServerFixture api, String runId) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api.run(runId)
                    .path("nodes")
                    .valueStream()
                    .anyMatch(
                        n ->
                            n.path("id").asString().equals("approve_release")
                                && !n.path("started_at").isNull()));
  }

  private static void shoot(Browser browser, String dir, String page, String theme) {
    browser
        .waitUpTo(Duration.ofSeconds(5))
        .until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
    browser.screenshot(Path.of(dir, page + "-" + theme + ".png"));
  }
}
