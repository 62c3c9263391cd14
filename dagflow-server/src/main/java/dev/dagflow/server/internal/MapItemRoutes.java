package dev.dagflow.server.internal;

import dev.dagflow.engine.WorkflowEngine;
import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.error.DagflowException;
import dev.dagflow.engine.error.RunNotFoundException;
import dev.dagflow.engine.model.MapItem;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.Page;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.store.Store;
import dev.dagflow.server.ServerLimits;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /runs/{run_id}/nodes/{node_id}/items?cursor=&limit=}: a mapped node's items in index
 * order, each with its status, attempts, times, output and error, in the {@code {items,
 * next_cursor}} page shape.
 *
 * <pre>{@code
 * new MapItemRoutes(engine, store, json, limits).install(cfg.routes);
 * }</pre>
 */
public final class MapItemRoutes {
  private final WorkflowEngine engine;
  private final Store store;
  private final Json json;
  private final ServerLimits limits;

  public MapItemRoutes(WorkflowEngine engine, Store store, Json json, ServerLimits limits) {
    this.engine = engine;
    this.store = store;
    this.json = json;
    this.limits = limits;
  }

  public void install(RoutesConfig routes) {
    routes.get("/runs/{run_id}/nodes/{node_id}/items", this::items);
  }

  private void items(Context ctx) {
    UUID runId = Ids.runId(ctx.pathParam("run_id"));
    String nodeId = ctx.pathParam("node_id");
    int limit = Params.limit(ctx.queryParam("limit"), 100, limits.maxPageSize());
    String cursor = ctx.queryParam("cursor");
    RunRecord run =
        store
            .read(s -> s.findRun(runId))
            .orElseThrow(() -> new RunNotFoundException(runId.toString()));
    NodeDefinition node =
        engine
            .findDefinition(run.workflowId(), run.workflowVersion())
            .flatMap(d -> d.nodes().stream().filter(n -> n.id().equals(nodeId)).findFirst())
            .orElseThrow(
                () -> new DagflowException(404, "node not found: " + runId + "/" + nodeId));
    if (!node.mapped()) {
      throw new DagflowException(404, "node " + nodeId + " of run " + runId + " has no map");
    }
    Page<NodeRecord> page =
        store.read(s -> s.mapItems().page(runId, nodeId, blankToNull(cursor), limit));
    ctx.json(Params.page(json, page.items().stream().map(this::item).toList(), page.nextCursor()));
  }

  private ObjectNode item(NodeRecord n) {
    ObjectNode o = json.mapper().createObjectNode();
    o.put("index", MapItem.find(n.nodeId()).orElseThrow().index());
    o.put("status", n.statusLabel());
    o.put("attempts", n.attempts());
    o.put("started_at", n.startedAt() == null ? null : n.startedAt().toString());
    o.put("finished_at", n.finishedAt() == null ? null : n.finishedAt().toString());
    o.set("output", n.output());
    o.put("error", n.error());
    return o;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
