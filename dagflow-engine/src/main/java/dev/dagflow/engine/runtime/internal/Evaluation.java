package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.contract.ContractResult;
import dev.dagflow.engine.contract.ContractValidator;
import dev.dagflow.engine.expression.Expressions;
import dev.dagflow.engine.model.MapItem;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's one door to expressions and contracts: builds the variables CEL sees ({@code
 * params}, {@code nodes.<id>.output}, {@code nodes.<id>.status}, {@code run.id}, {@code
 * workflow.id}) and calls the definition layer's evaluator and validator.
 */
public final class Evaluation {
  private final ContractValidator contracts = new ContractValidator();

  /** CEL variables for a run whose node rows are {@code nodes}. */
  public Map<String, Object> variables(RunRecord run, Collection<NodeRecord> nodes) {
    Map<String, Object> byId = new HashMap<>();
    for (NodeRecord n : nodes) {
      if (MapItem.isItem(n.nodeId())) {
        continue; // items are seen through their node's output
      }
      Map<String, Object> entry = new HashMap<>();
      entry.put("status", n.status().label());
      entry.put("output", n.output() == null ? Map.of() : toJava(n.output()));
      byId.put(n.nodeId(), entry);
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("params", run.params() == null ? Map.of() : toJava(run.params()));
    vars.put("nodes", byId);
    vars.put("run", Map.of("id", run.runId().toString()));
    vars.put("workflow", Map.of("id", run.workflowId()));
    return vars;
  }

  /** Evaluates one expression (a mapped node's list). */
  public Object evaluate(String cel, Map<String, Object> vars) {
    return Expressions.evaluate(cel, vars);
  }

  public boolean condition(String cel, Map<String, Object> vars) {
    return Expressions.evaluateCondition(cel, vars);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> render(Map<String, Object> config, Map<String, Object> vars) {
    return (Map<String, Object>) Expressions.renderTemplates(config, vars);
  }

  public ContractResult validate(Map<String, Object> schema, JsonNode value) {
    return contracts.validate(schema, value);
  }

  public static Object toJava(JsonNode node) {
    return JsonMapper.shared().convertValue(node, Object.class);
  }
}
