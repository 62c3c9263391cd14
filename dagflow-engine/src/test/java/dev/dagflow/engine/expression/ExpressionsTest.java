package dev.dagflow.engine.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ExpressionsTest {
  private static final Map<String, Object> VARS =
      Map.of(
          "params", Map.of("count", 3L, "name", "web", "ratio", 0.5, "flags", List.of("a", "b")),
          "nodes",
              Map.of(
                  "design",
                  Map.of(
                      "status",
                      "success",
                      "output",
                      Map.of("approved", true, "pages", 12L, "meta", Map.of("k", "v")))),
          "run", Map.of("id", "run-1"),
          "workflow", Map.of("id", "sdlc"));

  @Test
  void evaluatesConditionsOverEveryVariable() {
    assertThat(
            Expressions.evaluateCondition(
                "nodes.design.output.approved && nodes.design.status == 'success'", VARS))
        .isTrue();
    assertThat(Expressions.evaluateCondition("params.count > 5", VARS)).isFalse();
    assertThat(
            Expressions.evaluateCondition(
                "run.id == 'run-1' && workflow.id.startsWith('sd')", VARS))
        .isTrue();
  }

  @Test
  void comparesIntsWithDoubles() {
    assertThat(Expressions.evaluateCondition("params.count > 2.5", VARS)).isTrue();
  }

  @Test
  void supportsStandardMacros() {
    assertThat(
            Expressions.evaluateCondition(
                "has(params.name) && params.flags.exists(f, f == 'b')", VARS))
        .isTrue();
  }

  @Test
  void iteratesAndTestsMembershipOfMaps() {
    assertThat(
            Expressions.evaluateCondition(
                "'name' in params && params.all(k, k != '') && size(nodes.design.output) == 3"
                    + " && nodes.design.output.meta == {'k': 'v'} && params.flags == ['a', 'b']",
                VARS))
        .isTrue();
  }

  @Test
  void rejectsAConditionThatDoesNotYieldABool() {
    assertThatThrownBy(() -> Expressions.evaluateCondition("params.name", VARS))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("condition 'params.name' must evaluate to a bool, got string 'web'");
  }

  @Test
  void failsWithTheReasonWhenAKeyIsMissingAtRunTime() {
    assertThatThrownBy(() -> Expressions.evaluateCondition("params.missing == 1", VARS))
        .isInstanceOf(ExpressionException.class)
        .hasMessage(
            "expression 'params.missing == 1' failed: key 'missing' is not present in" + " map.")
        .satisfies(e -> assertThat(((ExpressionException) e).httpStatus()).isEqualTo(422));
  }

  @Test
  void failsWithTheReasonOnADivisionByZero() {
    assertThatThrownBy(() -> Expressions.evaluate("params.count / 0", VARS))
        .hasMessage("expression 'params.count / 0' failed: / by zero");
  }

  @Test
  void rejectsAnExpressionThatDoesNotCompile() {
    assertThatThrownBy(() -> Expressions.evaluate("unknown_var + 1", VARS))
        .isInstanceOf(ExpressionException.class)
        .hasMessageStartingWith(
            "invalid expression 'unknown_var + 1': undeclared reference to" + " 'unknown_var'");
  }

  @Test
  void splicesValuesIntoTextAsJson() {
    assertThat(
            Expressions.renderTemplates(
                "n=${params.count} r=${params.ratio} ok=${nodes.design.output.approved}"
                    + " meta=${nodes.design.output.meta} flags=${params.flags} name=${params.name}",
                VARS))
        .isEqualTo("n=3 r=0.5 ok=true meta={\"k\":\"v\"} flags=[\"a\",\"b\"] name=web");
  }

  @Test
  void keepsTheTypeOfASingleExpressionTemplate() {
    assertThat(Expressions.renderTemplates("${params.count + 1}", VARS)).isEqualTo(4L);
    assertThat(Expressions.renderTemplates("${params.ratio}", VARS)).isEqualTo(0.5);
    assertThat(Expressions.renderTemplates("${nodes.design.output.approved}", VARS))
        .isEqualTo(true);
    assertThat(Expressions.renderTemplates("${nodes.design.output.meta}", VARS))
        .isEqualTo(Map.of("k", "v"));
    assertThat(Expressions.renderTemplates("${params.flags}", VARS)).isEqualTo(List.of("a", "b"));
    assertThat(Expressions.renderTemplates("${null}", VARS)).isNull();
  }

  @Test
  void rendersStringsInsideMapsAndLists() {
    Map<String, Object> config =
        Map.of(
            "command", List.of("deploy", "${params.name}", "--replicas=${params.count}"),
            "env", Map.of("N", "${params.count}", "PLAIN", "x", "NUM", 7L));

    assertThat(Expressions.renderTemplates(config, VARS))
        .isEqualTo(
            Map.of(
                "command", List.of("deploy", "web", "--replicas=3"),
                "env", Map.of("N", 3L, "PLAIN", "x", "NUM", 7L)));
  }

  @Test
  void writesALiteralDollarBraceForAnEscapedTemplate() {
    assertThat(Expressions.renderTemplates("echo $${HOME} ${params.name}", VARS))
        .isEqualTo("echo ${HOME} web");
    assertThat(Expressions.renderTemplates("$${HOME}", VARS)).isEqualTo("${HOME}");
  }

  @Test
  void balancesBracesAndQuotesInsideATemplate() {
    assertThat(Expressions.renderTemplates("${ {'a': '}'}.a }!", VARS)).isEqualTo("}!");
  }

  @Test
  void failsARenderWhoseExpressionFails() {
    assertThatThrownBy(
            () ->
                Expressions.renderTemplates(
                    Map.of("url", "http://x/${nodes.missing.output}"), VARS))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("'nodes.missing.output' failed: key 'missing' is not present");
  }

  @Test
  void rejectsAnUnclosedTemplate() {
    assertThatThrownBy(() -> Expressions.renderTemplates("a ${params.count", VARS))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("unclosed template '${params.count': missing '}'");
  }

  @Test
  void acceptsIntegersNullsAndJsonNodesAsValues() {
    Map<String, Object> params = new HashMap<>();
    params.put("small", 2);
    params.put("none", null);
    params.put("json", JsonMapper.builder().build().readTree("{\"a\": [1, 2.5]}"));
    Map<String, Object> vars = Map.of("params", params);

    assertThat(Expressions.evaluate("params.small + 1", vars)).isEqualTo(3L);
    assertThat(Expressions.evaluateCondition("params.none == null", vars)).isTrue();
    assertThat(Expressions.evaluate("params.json.a[1] * 2.0", vars)).isEqualTo(5.0);
  }

  @Test
  void treatsAbsentVariablesAsEmptyMaps() {
    assertThat(Expressions.evaluateCondition("size(nodes) == 0", Map.of())).isTrue();
  }

  @Test
  void findsTheParamsAndNodesAnExpressionNames() {
    assertThat(
            Expressions.references(
                "params.a + params['b'] > 0 && has(nodes.x.output) && nodes['y'].status == 'ok'"))
        .isEqualTo(
            new Expressions.References(java.util.Set.of("a", "b"), java.util.Set.of("x", "y")));
  }

  @Test
  void checksConditionsAndTemplatesWithoutEvaluating() {
    assertThat(Expressions.findConditionProblem("params.x == 1")).isEmpty();
    assertThat(Expressions.findConditionProblem("'x'"))
        .contains("condition ''x'' must be a bool expression, it yields string");
    assertThat(Expressions.templateExpressions("a ${params.x} b ${1 + 2}"))
        .containsExactly("params.x", "1 + 2");
    assertThat(Expressions.hasTemplates("cost $${x}")).isFalse();
  }
}
