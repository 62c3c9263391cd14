package dev.dagflow.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.definition.DefinitionParser;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.model.StoredWorkflow;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GraphLayoutTest {
  private static final WorkflowDefinition DIAMOND =
      DefinitionParser.standard()
          .parse(
              """
              id: diamond
              nodes:
                - {id: start, type: noop}
                - {id: left, type: noop, depends_on: [start]}
                - {id: right, type: noop, depends_on: [start]}
                - {id: join, type: noop, depends_on: [left, right]}
              """,
              "diamond.yaml");

  @Test
  void placesDependentsRightOfTheirDependencies() {
    DagLayout layout = GraphLayout.standard().layout(DIAMOND, 1);

    Map<String, DagLayout.PlacedNode> byId =
        layout.nodes().stream()
            .collect(Collectors.toMap(DagLayout.PlacedNode::id, Function.identity()));
    assertThat(byId.get("left").x()).isGreaterThan(byId.get("start").x());
    assertThat(byId.get("join").x()).isGreaterThan(byId.get("right").x());
    assertThat(byId.get("left").y()).isNotEqualTo(byId.get("right").y());
    assertThat(layout.nodes())
        .extracting(DagLayout.PlacedNode::id)
        .containsExactly("start", "left", "right", "join");
    assertThat(layout.width()).isGreaterThan(byId.get("join").x());
  }

  @Test
  void routesEveryDependencyAsAnEdgeFromDependencyToDependent() {
    DagLayout layout = GraphLayout.standard().layout(DIAMOND, 1);

    assertThat(layout.edges())
        .extracting(e -> e.from() + "->" + e.to())
        .containsExactlyInAnyOrder("start->left", "start->right", "left->join", "right->join");
    for (DagLayout.RoutedEdge e : layout.edges()) {
      assertThat(e.points()).hasSizeGreaterThanOrEqualTo(2);
      DagLayout.PlacedNode to =
          layout.nodes().stream().filter(n -> n.id().equals(e.to())).findFirst().orElseThrow();
      assertThat(e.points().getLast()[0]).isEqualTo(to.x());
    }
  }

  @Test
  void cachesOneLayoutPerWorkflowVersion() {
    var cache = new LayoutCache(GraphLayout.standard(), 2, Runnable::run);
    AtomicInteger parses = new AtomicInteger();

    Instant registered = Instant.parse("2026-01-01T00:00:00Z");
    var v1 = new StoredWorkflow("diamond", 1, "", registered);

    DagLayout first = cache.get(v1, () -> count(parses));
    DagLayout again = cache.get(v1, () -> count(parses));
    cache.get(new StoredWorkflow("diamond", 2, "", registered), () -> count(parses));

    assertThat(again).isSameAs(first);
    assertThat(parses).hasValue(2);
    var reRegistered = new StoredWorkflow("diamond", 1, "", registered.plusSeconds(60));
    assertThat(cache.get(reRegistered, () -> count(parses))).isNotSameAs(first);
    assertThat(parses).hasValue(3);
  }

  private static WorkflowDefinition count(AtomicInteger parses) {
    parses.incrementAndGet();
    return DIAMOND;
  }
}
