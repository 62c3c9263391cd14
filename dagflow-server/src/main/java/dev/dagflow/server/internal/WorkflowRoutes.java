package dev.dagflow.server.internal;

import dev.dagflow.engine.WorkflowEngine;
import dev.dagflow.engine.error.WorkflowNotFoundException;
import dev.dagflow.engine.model.Page;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.store.Store;
import dev.dagflow.metrics.MetricsCollector;
import dev.dagflow.server.ServerLimits;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Registering, listing, reading and deleting workflow definitions. A registered workflow's counters
 * start at 0 ({@code registerWorkflow}); a deleted one's series are removed.
 *
 * <pre>{@code
 * new WorkflowRoutes(registrar, store, views, json, limits).install(cfg.routes);
 * }</pre>
 */
public final class WorkflowRoutes {
  private final Registrar registrar;
  private final WorkflowEngine engine;
  private final Store store;
  private final MetricsCollector metrics;
  private final Views views;
  private final Json json;
  private final ServerLimits limits;

  public WorkflowRoutes(
      Registrar registrar,
      WorkflowEngine engine,
      Store store,
      MetricsCollector metrics,
      Views views,
      Json json,
      ServerLimits limits) {
    this.registrar = registrar;
    this.engine = engine;
    this.store = store;
    this.metrics = metrics;
    this.views = views;
    this.json = json;
    this.limits = limits;
  }

  public void install(RoutesConfig routes) {
    routes.post("/workflows", this::register);
    routes.get("/workflows", this::list);
    routes.get("/workflows/{workflow_id}", this::read);
    routes.delete("/workflows/{workflow_id}", this::delete);
  }

  private void register(Context ctx) {
    String fileName = fileName(ctx);
    StoredWorkflow wf = registrar.register(ctx.body(), fileName);
    ObjectNode body = views.workflowSummary(wf);
    ctx.header("Location", "/workflows/" + wf.id()).status(201).json(body);
  }

  private void list(Context ctx) {
    int limit = Params.limit(ctx.queryParam("limit"), 100, limits.maxPageSize());
    Page<StoredWorkflow> page = store.read(s -> s.listWorkflows(limit, ctx.queryParam("cursor")));
    List<ObjectNode> items = page.items().stream().map(views::workflowSummary).toList();
    ctx.json(Params.page(json, items, page.nextCursor()));
  }

  private void read(Context ctx) {
    String id = ctx.pathParam("workflow_id");
    StoredWorkflow wf =
        store.read(s -> s.findWorkflow(id)).orElseThrow(() -> new WorkflowNotFoundException(id));
    ctx.json(views.workflow(wf, engine.findDefinition(id)));
  }

  private void delete(Context ctx) {
    String id = ctx.pathParam("workflow_id");
    if (!engine.delete(id)) {
      throw new WorkflowNotFoundException(id);
    }
    metrics.removeWorkflow(id);
    ctx.status(204);
  }

  /** {@code ?file_name=} when given, else by content type: JSON or YAML. */
  private static String fileName(Context ctx) {
    String given = ctx.queryParam("file_name");
    if (given != null && !given.isBlank()) {
      return given;
    }
    String type = ctx.contentType();
    return type != null && type.contains("json") ? "workflow.json" : "workflow.yaml";
  }
}
