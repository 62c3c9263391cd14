package dev.dagflow.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The panels and queries of the shipped Grafana dashboards.
 *
 * <pre>{@code
 * for (Dashboards.Query q : Dashboards.queries()) { ... q.expr() ... }
 * }</pre>
 */
final class Dashboards {
  /** The SLO dashboard reads the generated recording rules, filtered by workflow and objective. */
  static final String SLO_UID = "dagflow-slo";

  private Dashboards() {}

  /** One target of one panel. */
  record Query(String dashboard, String uid, String panel, String refId, String expr) {
    boolean isSlo() {
      return SLO_UID.equals(uid);
    }

    /** The expression with Grafana's variables replaced, ready for Prometheus's HTTP API. */
    String substituted(String job, String instance) {
      return expr.replace("$__rate_interval", "1m")
          .replace("$__interval", "15s")
          .replace("$__range", "5m")
          .replace("$job", job)
          .replace("$instance", instance)
          .replace("$workflow", ".*")
          .replace("$slo", ".*");
    }

    @Override
    public String toString() {
      return dashboard + " / " + panel + " / " + refId;
    }
  }

  /** The panels of a dashboard, rows' nested panels included, rows themselves excluded. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if ("row".equals(panel.path("type").asString())) {
        panel.path("panels").forEach(panels::add);
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  static List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (Path file : DeployFiles.dashboards()) {
      JsonNode dashboard = DeployFiles.json(file);
      String title = dashboard.path("title").asString();
      for (JsonNode panel : panels(dashboard)) {
        for (JsonNode target : panel.path("targets")) {
          queries.add(
              new Query(
                  title,
                  dashboard.path("uid").asString(),
                  panel.path("title").asString(),
                  target.path("refId").asString(),
                  target.path("expr").asString("")));
        }
      }
    }
    return queries;
  }
}
