package dev.dagflow.server.slo;

import java.util.Map;

/**
 * One rule of a generated SLO rule group: a recording rule or an alert, as Prometheus reads them.
 *
 * <pre>{@code
 * switch (rule) {
 *   case SloRule.Recording r -> r.record();
 *   case SloRule.Alert a -> a.alert();
 * }
 * }</pre>
 */
public sealed interface SloRule {
  /** The rule's PromQL expression. */
  String expr();

  /** A recording rule: {@code record} is the new series' name; {@code labels} are added to it. */
  record Recording(String record, String expr, Map<String, String> labels) implements SloRule {
    public Recording {
      labels = Map.copyOf(labels);
    }
  }

  /** An alerting rule; {@code forDuration} may be null (fire on the first evaluation). */
  record Alert(
      String alert,
      String expr,
      String forDuration,
      Map<String, String> labels,
      Map<String, String> annotations)
      implements SloRule {
    public Alert {
      labels = Map.copyOf(labels);
      annotations = Map.copyOf(annotations);
    }
  }
}
