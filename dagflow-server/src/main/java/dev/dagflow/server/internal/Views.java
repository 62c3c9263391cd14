package dev.dagflow.server.internal;

import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.definition.ParamSpec;
import dev.dagflow.engine.definition.Slo;
import dev.dagflow.engine.definition.SloObjective;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.ItemCounts;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.runtime.RunView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON shapes of docs/api.md that are not runs: events and workflows (snake_case keys, ISO-8601
 * instants).
 *
 * <pre>{@code
 * ObjectNode body = views.event(record);   // {"seq":7,"type":"node.succeeded",...}
 * }</pre>
 */
public final class Views {
  private final JsonMapper mapper;

  public Views(JsonMapper mapper) {
    this.mapper = mapper;
  }

  /** {@code {"seq","cursor","type","run_id","workflow_id","node_id","at","data"}}. */
  public ObjectNode event(EventRecord e) {
    ObjectNode o = mapper.createObjectNode();
    o.put("seq", e.seq());
    o.put("cursor", e.cursor().toString());
    o.put("type", e.type().wireName());
    o.put("run_id", e.runId().toString());
    o.put("workflow_id", e.workflowId());
    o.put("node_id", e.nodeId());
    o.put("at", e.at() == null ? null : e.at().toString());
    o.set("data", e.data() == null ? mapper.createObjectNode() : e.data());
    return o;
  }

  /** A run in a list ({@link RunView}): no {@code nodes} field. */
  public ObjectNode run(RunRecord r) {
    return mapper.valueToTree(RunView.summary(r));
  }

  /**
   * A run as docs/api.md shows it ({@link RunView}), nodes in {@code order} (the definition's);
   * nodes the order does not name (none, unless the version is gone) follow by start time.
   */
  public ObjectNode run(
      RunRecord r, List<NodeRecord> nodes, List<String> order, Map<String, ItemCounts> items) {
    return mapper.valueToTree(RunView.of(r, nodes, order, items));
  }

  /** A workflow in a list: id, version, created_at. */
  public ObjectNode workflowSummary(StoredWorkflow wf) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", wf.id());
    o.put("version", wf.version());
    o.put("created_at", wf.createdAt() == null ? null : wf.createdAt().toString());
    return o;
  }

  /** The {@code slo:} block: period, min_runs and objectives (docs/slo.md). */
  private ObjectNode slo(Slo slo) {
    ObjectNode o = mapper.createObjectNode();
    o.put("period", slo.period().text());
    o.put("min_runs", slo.minRuns());
    ArrayNode objectives = o.putArray("objectives");
    for (SloObjective objective : slo.objectives()) {
      ObjectNode j = objectives.addObject();
      j.put("name", objective.name());
      switch (objective) {
        case SloObjective.SuccessRatio s -> j.put("type", "success_ratio");
        case SloObjective.DurationUnder du -> {
          j.put("type", "duration");
          j.put("threshold_seconds", du.thresholdSeconds());
        }
      }
      j.put("target", objective.target());
    }
    return o;
  }

  /** A workflow with its parsed shape and the source it was registered with. */
  public ObjectNode workflow(StoredWorkflow wf, Optional<WorkflowDefinition> definition) {
    ObjectNode o = workflowSummary(wf);
    definition.ifPresent(
        d -> {
          o.put("description", d.description());
          ObjectNode params = o.putObject("params");
          for (ParamSpec p : d.params().values()) {
            ObjectNode spec = params.putObject(p.name());
            spec.put("type", p.type());
            spec.put("required", p.required());
            spec.set("default", mapper.valueToTree(p.defaultValue()));
          }
          ArrayNode nodes = o.putArray("nodes");
          for (NodeDefinition n : d.nodes()) {
            ObjectNode node = nodes.addObject();
            node.put("id", n.id());
            node.put("type", n.type());
            node.put("name", n.name());
            ArrayNode deps = node.putArray("depends_on");
            n.dependsOn().forEach(deps::add);
          }
          if (d.slo() != null) {
            o.set("slo", slo(d.slo()));
          }
        });
    o.put("source", wf.source());
    return o;
  }
}
