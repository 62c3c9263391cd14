package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * A 5,000-node run page in the browser: how long it takes to open (navigation start to the first
 * painted graph, from the page's own performance mark), and what one repaint and a zoom cost once
 * open. The figures are printed and written to {@code target/ui-timings.txt}; they are reported,
 * not asserted (timings belong to reports, not to pass/fail on a shared machine).
 */
class UiScaleTest extends BrowserTestBase {
  private static final int NODES = 5000;

  private final List<String> breakdown = new ArrayList<>();

  @Override
  ServerFixture server() {
    // long leases: on a crowded machine a 5,000-node run must not lose nodes to late heartbeats
    ServerFixture api =
        ServerFixture.on(false, e -> e.leaseDuration(Duration.ofSeconds(60)), s -> {});
    api.register(wide(NODES));
    return api;
  }

  /** {@code start}, 4,998 parallel nodes, {@code end}. */
  static String wide(int nodes) {
    StringBuilder yaml = new StringBuilder("id: wide_5000\nnodes:\n  - {id: start, type: noop}\n");
    StringBuilder all = new StringBuilder();
    for (int i = 1; i <= nodes - 2; i++) {
      yaml.append("  - {id: n").append(i).append(", type: noop, depends_on: [start]}\n");
      all.append(i == 1 ? "" : ", ").append('n').append(i);
    }
    return yaml.append("  - {id: end, type: noop, depends_on: [")
        .append(all)
        .append("]}\n")
        .toString();
  }

  @Test
  void aFiveThousandNodeRunPageOpensAndFollowsTheRunLive() {
    String runId = api.submit("wide_5000", "{}");

    double liveOpen = open(runId);
    // the page follows all 5,000 nodes to the end of the run over its WebSocket
    JsonNode finished =
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> api.run(runId), r -> r.path("finished_at").isString());
    String status = finished.path("status").asString();
    browser
        .waitUpTo(Duration.ofSeconds(60))
        .until(
            ExpectedConditions.attributeToBe(
                By.cssSelector("section.run[data-run-id='" + runId + "']"), "data-status", status));
    @SuppressWarnings("unchecked")
    List<String> shown =
        (List<String>)
            browser.js(
                "return [...document.querySelectorAll('.node-list [data-node-id]')]"
                    + ".map((b) => b.dataset.nodeId + ':' + b.dataset.status)");
    List<String> stored = new ArrayList<>();
    finished
        .path("nodes")
        .forEach(n -> stored.add(n.path("id").asString() + ":" + n.path("status").asString()));
    assertThat(shown).containsExactlyInAnyOrderElementsOf(stored);
    long received =
        ((Number) browser.js("return window.dagflow.feed ? window.dagflow.feed.received : 0"))
            .longValue();

    double finishedOpen = open(runId);
    double again = open(runId);
    assertThat(browser.driver.findElements(By.cssSelector(".node-list [data-node-id]")))
        .hasSize(NODES);

    double paint =
        ((Number)
                browser.js(
                    "const d = window.dagflow.dag; const t = performance.now();"
                        + " for (let i = 0; i < 20; i++) d.paint(); return (performance.now() - t) / 20;"))
            .doubleValue();
    double zoomedPaint =
        ((Number)
                browser.js(
                    "const d = window.dagflow.dag; d.zoom(4, 200, 200); const t = performance.now();"
                        + " for (let i = 0; i < 20; i++) d.paint(); return (performance.now() - t) / 20;"))
            .doubleValue();

    report(
        "5,000-node run page (%d nodes, %d edges), headless chromium%n"
            + "  open while the run starts (layout computed at registration): %.0f ms%n"
            + "  open once the run finished: %.0f ms; again: %.0f ms%n"
            + "  the run ended %s; live events taken by the page until then: %d%n"
            + "  one full repaint: %.1f ms at the initial zoom, %.1f ms zoomed in%n"
            + "  where the time went, per open:%n    %s%n",
        NODES,
        2 * (NODES - 2),
        liveOpen,
        finishedOpen,
        again,
        status,
        received,
        paint,
        zoomedPaint,
        String.join("\n    ", breakdown));
  }

  /**
   * Navigates to the run page; returns ms from navigation start to the frame showing graph and
   * list.
   */
  private double open(String runId) {
    browser.go("/ui/runs/" + UUID.randomUUID()); // leave the page so the next load is a full one
    browser.go("/ui/runs/" + runId);
    browser
        .waitUpTo(Duration.ofSeconds(60))
        .until(
            ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dag[data-ready='true']")));
    browser
        .waitUpTo(Duration.ofSeconds(30))
        .until(
            d ->
                (Boolean)
                    browser.js(
                        "return performance.getEntriesByName('dagflow:first-frame').length > 0"));
    breakdown.add(
        (String)
            browser.js(
                "const m = (n) => Math.round(performance.getEntriesByName(n)[0].startTime);"
                    + " const r = (p) => performance.getEntriesByType('resource')"
                    + ".filter((e) => e.name.includes(p)).map((e) => Math.round(e.requestStart)"
                    + " + '..' + Math.round(e.responseEnd) + ' ms').join(' ');"
                    + " return 'document ready ' + Math.round(performance.getEntriesByType('navigation')[0]"
                    + ".domContentLoadedEventEnd) + ' ms, GET run ' + r('/runs/') + ', GET graph '"
                    + " + r('/graph') + ', drawing from ' + m('dagflow:graph-effect') + ', painted at '"
                    + " + m('dagflow:dag-painted') + ', node list at ' + m('dagflow:index-built')"
                    + " + ', first frame at ' + m('dagflow:first-frame') + ' ms'"));
    return ((Number)
            browser.js("return performance.getEntriesByName('dagflow:first-frame')[0].startTime"))
        .doubleValue();
  }

  private static void report(String format, Object... args) {
    String text = format.formatted(args);
    System.out.print(text);
    try {
      Path file = Path.of("target", "ui-timings.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, text, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
