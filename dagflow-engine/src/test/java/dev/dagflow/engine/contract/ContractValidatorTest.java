package dev.dagflow.engine.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ContractValidatorTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<String, Object> SCHEMA =
      Map.of(
          "type", "object",
          "required", List.of("approved"),
          "properties",
              Map.of(
                  "approved",
                  Map.of("type", "boolean"),
                  "pages",
                  Map.of("type", "integer", "minimum", 1)));

  private final ContractValidator validator = new ContractValidator();

  @Test
  void acceptsAValueThatMatchesTheSchema() {
    ContractResult result = validator.validate(SCHEMA, json("{\"approved\": true, \"pages\": 3}"));

    assertThat(result.valid()).isTrue();
    assertThat(result.errors()).isEmpty();
    assertThat(result.nanos()).isPositive();
  }

  @Test
  void listsEveryViolationWithItsPath() {
    ContractResult result = validator.validate(SCHEMA, json("{\"pages\": 0}"));

    assertThat(result.valid()).isFalse();
    assertThat(result.errors())
        .containsExactlyInAnyOrder(
            "/: required property 'approved' not found", "/pages: must have a minimum value of 1");
  }

  @Test
  void givesTheSameAnswerFromTheCachedSchema() {
    JsonNode bad = json("{\"approved\": \"yes\"}");

    assertThat(validator.validate(Map.copyOf(SCHEMA), bad).errors())
        .isEqualTo(validator.validate(SCHEMA, bad).errors())
        .containsExactly("/approved: string found, boolean expected");
  }

  @Test
  void findsNoProblemsInAValidSchema() {
    assertThat(validator.findProblems(SCHEMA)).isEmpty();
  }

  @Test
  void reportsMetaSchemaViolationsOfAnInvalidSchema() {
    assertThat(validator.findProblems(Map.of("type", "object", "required", "approved")))
        .containsExactly("/required: string found, array expected");
  }

  @Test
  void reportsASchemaThatDoesNotCompile() {
    assertThat(validator.findProblems(Map.of("$ref", "#/$defs/missing")))
        .singleElement()
        .asString()
        .contains("/$defs/missing");
  }

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }
}
