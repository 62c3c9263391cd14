package dev.dagflow.engine.definition;

import static dev.dagflow.engine.definition.DefinitionProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dagflow.engine.error.InvalidDefinitionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefinitionParserTest {
  private static final DefinitionParser PARSER = DefinitionParser.standard();

  private static final String FULL =
      """
      id: sdlc_parallel
      description: Parallel SDLC pipeline
      params:
        requirement: {type: string, required: true}
        replicas: {type: integer, default: 2}
      timeout: 1h
      on_failure: continue
      nodes:
        - id: requirements
          type: mock
          config: {output: {approved: true}, quality_score: 0.9}
        - id: design
          type: shell
          name: Design phase
          depends_on: [requirements]
          when: "nodes.requirements.output.approved == true"
          retry: {max_attempts: 3, backoff: exponential, delay: 1s, max_delay: 30s}
          timeout: 10m
          config:
            command: [make, design, "${params.requirement}"]
            env: {REQUIREMENT: "${params.requirement}", COUNT: 3, RATIO: 0.5, ON: true}
          contract:
            input: {type: object}
            output: {type: object, required: [design]}
          quality_gate: {min_score: 0.8}
      """;

  @Test
  void parsesEveryKeyOfAValidWorkflow() {
    WorkflowDefinition wf = PARSER.parse(FULL, "flow.yaml");

    assertThat(wf.id()).isEqualTo("sdlc_parallel");
    assertThat(wf.description()).isEqualTo("Parallel SDLC pipeline");
    assertThat(wf.params().get("requirement"))
        .isEqualTo(new ParamSpec("requirement", "string", true, null));
    assertThat(wf.params().get("replicas"))
        .isEqualTo(new ParamSpec("replicas", "integer", false, 2L));
    assertThat(wf.timeout()).isEqualTo(Duration.ofHours(1));
    assertThat(wf.onFailure()).isEqualTo(FailurePolicy.CONTINUE);
    assertThat(wf.source()).isEqualTo(FULL);
    NodeDefinition design = wf.getNode("design");
    assertThat(design.type()).isEqualTo("shell");
    assertThat(design.name()).isEqualTo("Design phase");
    assertThat(design.dependsOn()).containsExactly("requirements");
    assertThat(design.when()).isEqualTo("nodes.requirements.output.approved == true");
    assertThat(design.retry())
        .isEqualTo(
            new RetryPolicy(
                3, RetryPolicy.Backoff.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofSeconds(30)));
    assertThat(design.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(design.inputSchema()).isEqualTo(Map.of("type", "object"));
    assertThat(design.outputSchema())
        .isEqualTo(Map.of("type", "object", "required", List.of("design")));
    assertThat(design.minQualityScore()).isEqualTo(0.8);
  }

  @Test
  void convertsConfigToPlainJavaValues() {
    NodeDefinition design = PARSER.parse(FULL, "flow.yaml").getNode("design");

    assertThat(design.config().get("command"))
        .isEqualTo(List.of("make", "design", "${params.requirement}"));
    assertThat(design.config().get("env"))
        .isEqualTo(
            Map.of("REQUIREMENT", "${params.requirement}", "COUNT", 3L, "RATIO", 0.5, "ON", true));
  }

  @Test
  void defaultsNameToIdAndRetryToOneAttempt() {
    NodeDefinition requirements = PARSER.parse(FULL, "flow.yaml").getNode("requirements");

    assertThat(requirements.name()).isEqualTo("requirements");
    assertThat(requirements.retry()).isEqualTo(RetryPolicy.NONE);
    assertThat(requirements.timeout()).isNull();
    assertThat(requirements.when()).isNull();
    assertThat(requirements.minQualityScore()).isNull();
    assertThat(requirements.inputSchema()).isNull();
  }

  @Test
  void parsesJsonWithTheSameSchema() {
    String json =
        "{\n\t\"id\": \"j\",\n\t\"params\": {\"n\": {\"type\": \"number\"}},\n"
            + "\t\"nodes\": [\n\t\t{\"id\":\"a\",\"type\":\"noop\"},\n"
            + "\t\t{\"id\": \"b\", \"type\": \"mock\", \"depends_on\": [\"a\"],"
            + " \"config\": {\"output\": {\"x\": 1, \"y\": null, \"z\": [1.5, \"\\u00e9\"]}}}\n"
            + "\t]\n}\n";

    WorkflowDefinition wf = PARSER.parse(json, "flow.json");

    assertThat(wf.nodes()).extracting(NodeDefinition::id).containsExactly("a", "b");
    Map<String, Object> output = new java.util.HashMap<>();
    output.put("x", 1L);
    output.put("y", null);
    output.put("z", List.of(1.5, "é"));
    assertThat(wf.getNode("b").config()).isEqualTo(Map.of("output", output));
  }

  @Test
  void reportsJsonProblemsAtTheirLineAndColumn() {
    String json =
        "{\n  \"id\": \"j\",\n  \"nodes\": [\n    {\"id\": \"a\", \"typ\": \"noop\"}\n  ]\n}\n";

    assertThat(problems(json, "flow.json"))
        .containsExactly(
            "flow.json:4:5: node is missing required key 'type'",
            "flow.json:4:17: unknown key 'typ' in node (allowed: id, type, name, depends_on, when,"
                + " retry, timeout, config, contract, quality_gate, map); did you mean 'type'?");
  }

  @Test
  void reportsJsonSyntaxErrorAtItsPosition() {
    assertThat(problems("{\"id\": \"j\",\n \"nodes\": [1, 2}\n", "flow.json"))
        .singleElement()
        .asString()
        .startsWith("flow.json:2:16: invalid JSON: ");
  }

  @Test
  void reportsYamlSyntaxErrorAtItsPosition() {
    assertThat(problems("id: a\nnodes: [\n  - x: y: z\n", "flow.yaml"))
        .singleElement()
        .asString()
        .startsWith("flow.yaml:3:")
        .contains("invalid YAML: ");
  }

  @Test
  void acceptsNodeTypesConfiguredOnTheBuilder() {
    DefinitionParser custom = DefinitionParser.builder().knownNodeTypes(Set.of("llm")).build();

    assertThat(
            custom
                .parse("id: a\nnodes:\n  - {id: b, type: llm, config: {any: 1}}\n", "f")
                .getNode("b")
                .type())
        .isEqualTo("llm");
  }

  @Test
  void reportsDuplicateKeys() {
    assertThat(problems("id: w\nid: v\nnodes:\n  - {id: a, type: noop}\n"))
        .containsExactly("flow.yaml:2:1: duplicate key 'id'");
  }

  @Test
  void appliesYamlMergeKeys() {
    String yaml =
        """
        id: w
        nodes:
          - &base {id: a, type: mock, timeout: 5s}
          - <<: *base
            id: b
        """;

    NodeDefinition b = PARSER.parse(yaml, "f").getNode("b");

    assertThat(b.type()).isEqualTo("mock");
    assertThat(b.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void reportsAnEmptyDefinition() {
    assertThat(problems("# nothing\n"))
        .containsExactly(
            "flow.yaml:1:1: empty definition: expected a mapping with keys id and nodes");
  }

  @Test
  void reportsEveryProblemAtOnceInFileOrder() {
    String yaml =
        """
        id: Bad
        nodes:
          - {id: a, type: nope, timeout: soon}
          - {id: b, type: noop, depends_on: [zz], when: "(("}
          - {id: a, type: noop, extra: 1}
        """;

    assertThat(problems(yaml))
        .extracting(p -> p.substring(0, p.indexOf("'") + 1))
        .containsExactly(
            "flow.yaml:1:5: invalid id '",
            "flow.yaml:3:19: unknown node type '",
            "flow.yaml:3:34: node key '",
            "flow.yaml:4:38: depends_on names unknown node '",
            "flow.yaml:4:49: when: invalid expression '",
            "flow.yaml:5:10: duplicate node id '",
            "flow.yaml:5:25: unknown key '");
  }

  @Test
  void enforcesTheNodeLimit() {
    DefinitionParser small = DefinitionParser.builder().maxNodes(2).build();
    String yaml =
        "id: w\nnodes:\n  - {id: a, type: noop}\n  - {id: b, type: noop}\n"
            + "  - {id: c, type: noop}\n";

    assertThat(problems(small, yaml, "flow.yaml"))
        .containsExactly(
            "flow.yaml:3:3: workflow has 3 nodes, over the limit of 2 nodes per workflow");
  }

  @Test
  void enforcesTheSizeLimitBeforeParsing() {
    String big = "id: w\ndescription: \"" + "x".repeat(1024 * 1024) + "\"\nnodes: [\n";

    assertThat(problems(big))
        .containsExactly(
            "flow.yaml:1:1: definition is "
                + big.length()
                + " bytes, over the limit of 1048576 bytes (1 MiB)");
  }

  @Test
  void readsAFileAndReportsAnUnreadableOne(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("w.yaml");
    java.nio.file.Files.writeString(file, "id: w\nnodes:\n  - {id: a, type: noop}\n");
    java.nio.file.Path missing = dir.resolve("missing.yaml");

    assertThat(PARSER.parse(file).id()).isEqualTo("w");
    assertThat(
            catchThrowableOfType(InvalidDefinitionException.class, () -> PARSER.parse(missing))
                .problems())
        .containsExactly(missing + ":1:1: cannot read: no such file");
  }

  @Test
  void reportsADefinitionNestedTooDeeply() {
    String deep = "id: w\nnodes: " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";

    assertThat(problems(deep)).singleElement().asString().startsWith("flow.yaml:");
  }
}
