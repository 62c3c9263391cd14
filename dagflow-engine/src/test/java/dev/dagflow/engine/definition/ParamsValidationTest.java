package dev.dagflow.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagflow.engine.error.InvalidRequestException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ParamsValidationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final DefinitionParser PARSER = DefinitionParser.standard();
  private static final WorkflowDefinition WF =
      PARSER.parse(
          """
      id: w
      params:
        requirement: {type: string, required: true}
        replicas: {type: integer, default: 2}
        ratio: {type: number}
        dry_run: {type: boolean, default: false}
        labels: {type: object, default: {team: core}}
        targets: {type: array}
      nodes:
        - {id: a, type: noop}
      """,
          "w.yaml");

  @Test
  void acceptsParamsOfTheDeclaredTypes() {
    assertThat(
            PARSER.validateParams(
                WF,
                json(
                    """
        {"requirement": "x", "replicas": 3, "ratio": 1, "dry_run": true,
         "labels": {}, "targets": ["a"]}""")))
        .isEmpty();
  }

  @Test
  void reportsAMissingRequiredParam() {
    assertThat(messages(json("{}")))
        .containsExactly("params:1:1: missing required param 'requirement' (string)");
  }

  @Test
  void reportsWrongTypes() {
    assertThat(
            messages(
                json(
                    """
        {"requirement": 1, "replicas": 2.5, "ratio": "x", "dry_run": "no", "labels": [],
         "targets": {}}""")))
        .containsExactly(
            "params:1:1: param 'requirement' must be a string, not a number (1)",
            "params:1:1: param 'replicas' must be an integer, not a number (2.5)",
            "params:1:1: param 'ratio' must be a number, not a string",
            "params:1:1: param 'dry_run' must be a boolean, not a string",
            "params:1:1: param 'labels' must be an object, not an array",
            "params:1:1: param 'targets' must be an array, not an object");
  }

  @Test
  void acceptsAWholeDoubleAsAnInteger() {
    assertThat(messages(json("{\"requirement\": \"x\", \"replicas\": 4.0}"))).isEmpty();
  }

  @Test
  void reportsUnknownParamsNamingTheDeclaredOnes() {
    assertThat(messages(json("{\"requirement\": \"x\", \"replica\": 1}")))
        .containsExactly(
            "params:1:1: unknown param 'replica' (declared: dry_run, labels, ratio, replicas,"
                + " requirement, targets)");
  }

  @Test
  void rejectsParamsThatAreNotAnObject() {
    assertThat(messages(json("[1]")))
        .containsExactly("params:1:1: params must be a JSON object, not an array");
  }

  @Test
  void appliesDefaultsToAbsentAndNullParams() {
    JsonNode given = json("{\"requirement\": \"x\", \"dry_run\": null}");

    assertThat(PARSER.applyDefaults(WF, given))
        .isEqualTo(
            json(
                "{\"requirement\": \"x\", \"dry_run\": false, \"replicas\": 2,"
                    + " \"labels\": {\"team\": \"core\"}}"));
    assertThat(given).isEqualTo(json("{\"requirement\": \"x\", \"dry_run\": null}"));
  }

  @Test
  void prepareParamsThrowsEveryProblemAs422() {
    assertThatThrownBy(() -> PARSER.prepareParams(WF, json("{\"replicas\": \"two\"}")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(422);
              assertThat(e.problems())
                  .containsExactly(
                      "missing required param 'requirement' (string)",
                      "param 'replicas' must be an integer, not a string");
            });
  }

  private static java.util.List<String> messages(JsonNode params) {
    return PARSER.validateParams(WF, params).stream().map(Problem::toString).toList();
  }

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }
}
