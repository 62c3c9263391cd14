package dev.dagflow.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.definition.DefinitionParser;
import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.definition.WorkflowDefinition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShapeTest {
  private final DefinitionParser parser =
      DefinitionParser.builder()
          .knownNodeTypes(Set.of("noop"))
          .maxNodes(10_000)
          .maxBytes(1 << 20)
          .build();

  @Test
  void fanOutYamlParsesToStartMiddleEnd() {
    WorkflowDefinition def = parser.parse(Shape.fanOut(3).toYaml("bench_fan"), "bench_fan.yaml");

    assertThat(def.id()).isEqualTo("bench_fan");
    assertThat(def.nodes()).hasSize(5).allMatch(n -> n.type().equals("noop"));
    assertThat(def.nodes().getLast().dependsOn()).containsExactly("n00001", "n00002", "n00003");
    assertThat(def.nodes().get(1).dependsOn()).containsExactly("start");
  }

  @Test
  void yamlCanUseAnotherNodeType() {
    DefinitionParser probeParser =
        DefinitionParser.builder()
            .knownNodeTypes(Set.of("noop", ProbeExecutor.TYPE))
            .maxNodes(10_000)
            .maxBytes(1 << 20)
            .build();

    WorkflowDefinition def =
        probeParser.parse(Shape.chain(3).toYaml("bench_p", ProbeExecutor.TYPE), "bench_p.yaml");

    assertThat(def.nodes()).hasSize(3).allMatch(n -> n.type().equals(ProbeExecutor.TYPE));
  }

  @Test
  void chainYamlLinksEachNodeToThePreviousOne() {
    WorkflowDefinition def = parser.parse(Shape.chain(4).toYaml("bench_chain"), "bench_chain.yaml");

    List<List<String>> deps = def.nodes().stream().map(NodeDefinition::dependsOn).toList();
    assertThat(deps)
        .containsExactly(List.of(), List.of("n00001"), List.of("n00002"), List.of("n00003"));
  }

  @Test
  void dependenciesMatchTheNodesInOrder() {
    assertThat(Shape.fanOut(2).dependencies())
        .containsExactly(
            java.util.Map.entry("start", List.of()),
            java.util.Map.entry("n00001", List.of("start")),
            java.util.Map.entry("n00002", List.of("start")),
            java.util.Map.entry("end", List.of("n00001", "n00002")));
  }
}
