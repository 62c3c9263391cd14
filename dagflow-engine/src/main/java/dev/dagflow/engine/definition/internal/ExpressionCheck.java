package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.expression.ExpressionException;
import dev.dagflow.engine.expression.Expressions;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Compiles and type-checks every {@code when} condition and config template, then checks what they
 * name: {@code params.x} must be a declared param, and {@code nodes.y} a node this one depends on
 * (directly or through others), since only those have finished when it starts.
 */
final class ExpressionCheck {
  private final Set<String> params;
  private final GraphCheck.Graph graph;
  private final Problems problems;

  ExpressionCheck(Set<String> params, GraphCheck.Graph graph, Problems problems) {
    this.params = params;
    this.graph = graph;
    this.problems = problems;
  }

  void check(NodeSource node) {
    String when = node.definition().when();
    if (when != null) {
      Optional<String> problem = Expressions.findConditionProblem(when);
      problem.ifPresent(p -> problems.add(node.whenAt(), "when: " + p));
      if (problem.isEmpty()) {
        references(when, node, node.whenAt());
      }
    }
    if (node.definition().mapped()) {
      String over = node.definition().map().over();
      Optional<String> problem = Expressions.findProblem(over);
      problem.ifPresent(p -> problems.add(node.mapOverAt(), "map.over: " + p));
      if (problem.isEmpty()) {
        references(over, node, node.mapOverAt());
      }
    }
    for (NodeSource.TemplateSite site : node.templates()) {
      try {
        for (String cel : Expressions.templateExpressions(site.text())) {
          Optional<String> problem = Expressions.findProblem(cel);
          problem.ifPresent(p -> problems.add(site.at(), "template: " + p));
          if (problem.isEmpty()) {
            references(cel, node, site.at());
          }
        }
      } catch (ExpressionException e) {
        problems.add(site.at(), "template: " + e.getMessage());
      }
    }
  }

  private void references(String cel, NodeSource node, Node at) {
    Expressions.References refs = Expressions.references(cel);
    for (String param : new TreeSet<>(refs.params())) {
      if (!params.contains(param)) {
        problems.add(
            at,
            "expression '"
                + cel
                + "' uses undeclared param '"
                + param
                + "' ("
                + (params.isEmpty()
                    ? "the workflow declares no params"
                    : "declared: " + String.join(", ", new TreeSet<>(params)))
                + ")");
      }
    }
    for (String other : new TreeSet<>(refs.nodes())) {
      if (!graph.byId().containsKey(other)) {
        problems.add(at, "expression '" + cel + "' refers to unknown node '" + other + "'");
      } else if (graph.acyclic() && !graph.isUpstream(other, node.id())) {
        problems.add(
            at,
            "expression '"
                + cel
                + "' refers to node '"
                + other
                + "', which node '"
                + node.id()
                + "' does not depend on (add it to depends_on)");
      }
    }
  }
}
