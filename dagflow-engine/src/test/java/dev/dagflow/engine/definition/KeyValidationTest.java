package dev.dagflow.engine.definition;

import static dev.dagflow.engine.definition.DefinitionProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Key rules: allowed and required keys, ids, types, durations, retry, gates, params specs, built-in
 * configs.
 */
class KeyValidationTest {
  private static final DefinitionParser PARSER = DefinitionParser.standard();

  @Test
  void reportsUnknownWorkflowKeyNamingTheAllowedOnes() {
    String yaml = "id: a\nnodez: []\nnodes:\n  - {id: b, type: noop}\n";

    assertThat(problems(yaml))
        .containsExactly(
            "flow.yaml:2:1: unknown key 'nodez' in workflow (allowed: id, description, params,"
                + " timeout, on_failure, retention, schedules, nodes, slo); did you mean 'nodes'?");
  }

  @Test
  void reportsUnknownNodeKeyAtTheKey() {
    String yaml = "id: a\nnodes:\n  - id: b\n    type: noop\n    dependson: []\n";

    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith("flow.yaml:5:5: unknown key 'dependson' in node (allowed: ")
        .endsWith("did you mean 'depends_on'?");
  }

  @Test
  void reportsMissingRequiredWorkflowKeysAtTheMapping() {
    assertThat(problems("description: x\n"))
        .containsExactly(
            "flow.yaml:1:1: workflow is missing required key 'id'",
            "flow.yaml:1:1: workflow is missing required key 'nodes'");
  }

  @Test
  void reportsMissingNodeTypeAtTheNode() {
    assertThat(problems("id: a\nnodes:\n  - id: b\n    name: x\n"))
        .containsExactly("flow.yaml:3:5: node is missing required key 'type'");
  }

  @Test
  void reportsBadWorkflowAndNodeIds() {
    assertThat(problems("id: Flow\nnodes:\n  - {id: 1b, type: noop}\n"))
        .extracting(p -> p.substring(0, p.indexOf("':") + 1))
        .containsExactly("flow.yaml:1:5: invalid id 'Flow'", "flow.yaml:3:10: invalid id '1b'");
  }

  @Test
  void reportsUnknownNodeTypeNamingTheKnownOnes() {
    assertThat(problems("id: a\nnodes:\n  - {id: b, type: shel}\n"))
        .containsExactly(
            "flow.yaml:3:19: unknown node type 'shel' (known: approval, http, mock, noop, phase,"
                + " shell, workflow)");
  }

  @Test
  void reportsMalformedDurations() {
    String yaml =
        """
        id: w
        timeout: 1 hour
        nodes:
          - id: a
            type: noop
            timeout: 10
            retry: {max_attempts: 2, delay: 1sec}
        """;

    assertThat(problems(yaml))
        .extracting(p -> p.substring(0, p.indexOf("(")))
        .containsExactly(
            "flow.yaml:2:10: workflow key 'timeout': malformed duration '1 hour' ",
            "flow.yaml:6:14: node key 'timeout': malformed duration '10' ",
            "flow.yaml:7:37: retry key 'delay': malformed duration '1sec' ");
  }

  @Test
  void reportsMissingAndUnknownConfigOfBuiltInTypes() {
    String yaml =
        """
        id: w
        nodes:
          - {id: a, type: shell}
          - {id: b, type: http, config: {url: "http://x", method: FETCH, expect_status: 700}}
          - {id: c, type: mock, config: {quality_score: 2, sleep: 1s}}
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "flow.yaml:3:5: a shell node needs config.command",
            "flow.yaml:4:59: http config key 'method' must be one of GET, POST, PUT, PATCH, DELETE,"
                + " HEAD, OPTIONS, not 'FETCH'",
            "flow.yaml:4:81: http config key 'expect_status' must be a status code (100-599) or a"
                + " list of them",
            "flow.yaml:5:49: 'quality_score' must be between 0 and 1, not 2.0",
            "flow.yaml:5:52: unknown key 'sleep' in mock config (allowed: duration, output,"
                + " quality_score, artifacts, fail, fail_attempts)");
  }

  @Test
  void reportsAnInvalidJsonSchemaInAContract() {
    String yaml =
        """
        id: w
        nodes:
          - id: a
            type: noop
            contract:
              input: {type: strin}
              output: {$ref: "https://example.invalid/schema.json"}
        """;

    List<String> problems = problems(yaml);

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0))
        .startsWith(
            "flow.yaml:6:14: contract.input is not a valid JSON"
                + " Schema (draft 2020-12): /type: does not have a value in the enumeration");
    assertThat(problems.get(1))
        .isEqualTo(
            "flow.yaml:7:15: contract.output is not a valid JSON"
                + " Schema (draft 2020-12): cannot load https://example.invalid/schema.json (contracts"
                + " must be self-contained: remote schemas are not fetched)");
  }

  @Test
  void reportsRetryFieldsOutOfRange() {
    String yaml =
        """
        id: w
        nodes:
          - id: a
            type: noop
            retry: {max_attempts: 0, backoff: linear, delay: 10s, max_delay: 1s, jitter: 1}
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "flow.yaml:5:27: retry key 'max_attempts' must be at least 1",
            "flow.yaml:5:39: retry key 'backoff' must be one of fixed, exponential, not 'linear'",
            "flow.yaml:5:70: retry key 'max_delay' must not be less than delay",
            "flow.yaml:5:74: unknown key 'jitter' in retry (allowed: max_attempts, backoff, delay,"
                + " max_delay)");
  }

  @Test
  void defaultsRetryToExponentialBackoffFromOneSecond() {
    String yaml = "id: w\nnodes:\n  - {id: a, type: noop, retry: {max_attempts: 4}}\n";

    assertThat(PARSER.parse(yaml, "f").getNode("a").retry())
        .isEqualTo(
            new RetryPolicy(
                4, RetryPolicy.Backoff.EXPONENTIAL, Duration.ofSeconds(1), Duration.ofMinutes(5)));
  }

  @Test
  void reportsAQualityGateOutsideZeroToOne() {
    String yaml = "id: w\nnodes:\n  - {id: a, type: noop, quality_gate: {min_score: 1.5}}\n";

    assertThat(problems(yaml))
        .containsExactly(
            "flow.yaml:3:51: quality_gate key 'min_score' must be between 0 and 1, not 1.5");
  }

  @Test
  void reportsAnUnknownFailurePolicy() {
    assertThat(problems("id: w\non_failure: retry\nnodes:\n  - {id: a, type: noop}\n"))
        .containsExactly(
            "flow.yaml:2:13: workflow key 'on_failure' must be one of fail_fast,"
                + " continue, not 'retry'");
  }

  @Test
  void reportsBadParamSpecs() {
    String yaml =
        """
        id: w
        params:
          a: {type: text}
          b: {type: integer, default: "x"}
          c: {type: string, requried: true}
          bad-name: {type: string}
        nodes:
          - {id: n, type: noop}
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "flow.yaml:3:13: workflow key 'type' must be one of string, number, integer, boolean,"
                    .replace("workflow key", "param 'a' key")
                + " object, array, not 'text'",
            "flow.yaml:4:31: default of param 'b' must be an integer",
            "flow.yaml:5:21: unknown key 'requried' in param 'c' (allowed: type, required, default,"
                + " description); did you mean 'required'?",
            "flow.yaml:6:3: invalid param name 'bad-name': use letters, digits and '_', starting"
                + " with a letter or '_' (at most 64)");
  }

  @Test
  void acceptsAnHttpMethodInAnyCaseAndASingleDependency() {
    String yaml =
        "id: w\nnodes:\n  - {id: a, type: noop}\n"
            + "  - {id: b, type: http, depends_on: a, config: {url: \"http://x\", method: post}}\n";

    assertThat(PARSER.parse(yaml, "f").getNode("b").dependsOn()).containsExactly("a");
  }

  @Test
  void reportsARequiredKeyWithoutAValue() {
    assertThat(problems("id: w\nnodes:\n"))
        .containsExactly("flow.yaml:2:7: workflow key 'nodes' needs a value");
  }
}
