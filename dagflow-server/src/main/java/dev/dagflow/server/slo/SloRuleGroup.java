package dev.dagflow.server.slo;

import java.util.List;

/**
 * The rules one workflow's {@code slo:} block generates, as one Prometheus rule group named {@code
 * dagflow-slo-<workflow id>}.
 *
 * <pre>{@code
 * SloRuleGroup group = SloRules.group(definition).orElseThrow();
 * group.rules().size();
 * }</pre>
 */
public record SloRuleGroup(String name, List<SloRule> rules) {
  public SloRuleGroup {
    rules = List.copyOf(rules);
  }
}
