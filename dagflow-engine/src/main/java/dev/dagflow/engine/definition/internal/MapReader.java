package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.definition.MapSpec;
import dev.dagflow.engine.expression.ExpressionException;
import dev.dagflow.engine.expression.Expressions;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a node's {@code map:} block: {@code over} (a CEL expression, bare or as one {@code ${…}}),
 * {@code max_items} and {@code concurrency} (positive) and {@code on_item_failure}. The expression
 * itself is compiled by {@link ExpressionCheck}, at {@code over}'s position.
 */
final class MapReader {
  private static final List<String> KEYS =
      List.of("over", "max_items", "concurrency", "on_item_failure");

  /** The block as read, and where its expression is written. */
  record Read(MapSpec spec, Node overAt) {}

  private MapReader() {}

  static Optional<Read> read(Node node, Problems problems) {
    Fields f = Fields.read(node, "map", KEYS, List.of("over"), problems);
    Optional<String> over = f.string("over").flatMap(text -> expression(text, f, problems));
    int maxItems = positive(f, "max_items", problems).orElse(MapSpec.DEFAULT_MAX_ITEMS);
    Integer concurrency = positive(f, "concurrency", problems).orElse(null);
    MapSpec.ItemFailure onFailure =
        f.choice("on_item_failure", List.of("fail_fast", "continue"))
            .map(
                c ->
                    c.equals("continue")
                        ? MapSpec.ItemFailure.CONTINUE
                        : MapSpec.ItemFailure.FAIL_FAST)
            .orElse(MapSpec.ItemFailure.FAIL_FAST);
    return over.map(
        cel -> new Read(new MapSpec(cel, maxItems, concurrency, onFailure), f.node("over").get()));
  }

  /** {@code "${expr}"} is read as {@code expr}; any other text is the expression itself. */
  private static Optional<String> expression(String text, Fields f, Problems problems) {
    if (!Expressions.hasTemplates(text)) {
      return Optional.of(text);
    }
    try {
      List<String> exprs = Expressions.templateExpressions(text);
      if (exprs.size() == 1 && text.strip().equals("${" + exprs.getFirst() + "}")) {
        return Optional.of(exprs.getFirst());
      }
    } catch (ExpressionException e) {
      problems.add(f.node("over").get(), "map key 'over': " + e.getMessage());
      return Optional.empty();
    }
    problems.add(
        f.node("over").get(),
        "map key 'over' must be one CEL expression (bare or as one ${...}), not text with"
            + " templates: '"
            + text
            + "'");
    return Optional.empty();
  }

  private static Optional<Integer> positive(Fields f, String key, Problems problems) {
    return f.integer(key)
        .filter(
            n -> {
              if (n >= 1 && n <= Integer.MAX_VALUE) {
                return true;
              }
              problems.add(
                  f.node(key).get(),
                  "map key '"
                      + key
                      + "' must be "
                      + (n < 1 ? "at least 1" : "at most " + Integer.MAX_VALUE)
                      + ", not "
                      + n);
              return false;
            })
        .map(Long::intValue);
  }
}
