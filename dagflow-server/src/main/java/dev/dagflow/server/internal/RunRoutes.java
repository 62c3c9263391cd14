package dev.dagflow.server.internal;

import dev.dagflow.engine.WorkflowEngine;
import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.error.RunNotFoundException;
import dev.dagflow.engine.error.UndecodableRowException;
import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventPage;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.ItemCounts;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.Page;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.model.Trigger;
import dev.dagflow.engine.store.RunQuery;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import dev.dagflow.server.ServerLimits;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Submitting, reading and steering runs: the seed's {@code POST /workflow/{workflow_id}/execute},
 * asynchronous submits with {@code Idempotency-Key}, run lists, cancel, delete, approvals and the
 * event history.
 *
 * <pre>{@code
 * new RunRoutes(engine, store, views, json, limits).install(cfg.routes);
 * }</pre>
 */
public final class RunRoutes {
  private final WorkflowEngine engine;
  private final Store store;
  private final Views views;
  private final Json json;
  private final ServerLimits limits;

  public RunRoutes(
      WorkflowEngine engine, Store store, Views views, Json json, ServerLimits limits) {
    this.engine = engine;
    this.store = store;
    this.views = views;
    this.json = json;
    this.limits = limits;
  }

  public void install(RoutesConfig routes) {
    routes.post("/workflow/{workflow_id}/execute", this::execute);
    routes.post("/workflows/{workflow_id}/runs", this::submit);
    routes.get("/runs", this::list);
    routes.get("/runs/{run_id}", ctx -> ctx.json(runView(Ids.runId(ctx.pathParam("run_id")))));
    routes.delete("/runs/{run_id}", this::delete);
    routes.post("/runs/{run_id}/cancel", this::cancel);
    routes.post("/runs/{run_id}/retry", this::retry);
    routes.post("/runs/{run_id}/nodes/{node_id}/approve", ctx -> decide(ctx, true));
    routes.post("/runs/{run_id}/nodes/{node_id}/reject", ctx -> decide(ctx, false));
    routes.get("/runs/{run_id}/events", this::events);
    routes.get("/events", this::allEvents);
  }

  private void execute(Context ctx) {
    Duration timeout =
        Params.duration(ctx.queryParam("timeout"), limits.defaultExecuteTimeout(), "timeout");
    if (timeout.compareTo(limits.maxExecuteTimeout()) > 0) {
      timeout = limits.maxExecuteTimeout();
    }
    RunRecord run = submitFrom(ctx);
    RunRecord done = engine.awaitTerminal(run.runId(), timeout);
    ctx.header("Location", location(run.runId()));
    ctx.status(done.status().isTerminal() ? 200 : 202).json(runView(done.runId()));
  }

  private void submit(Context ctx) {
    RunRecord run = submitFrom(ctx);
    ObjectNode body = json.mapper().createObjectNode();
    body.put("run_id", run.runId().toString());
    body.put("status", run.status().label());
    ctx.header("Location", location(run.runId())).status(202).json(body);
  }

  /** The engine answers 404 for an unknown workflow before anything is stored or measured. */
  private RunRecord submitFrom(Context ctx) {
    String workflowId = ctx.pathParam("workflow_id");
    JsonNode params = json.readTree(ctx.body());
    if (!params.isObject()) {
      throw new InvalidRequestException(400, List.of("body: expected a JSON object of params"));
    }
    String key = ctx.header("Idempotency-Key");
    return engine.submit(workflowId, params, key == null || key.isBlank() ? null : key);
  }

  private void list(Context ctx) {
    RunStatus status = Params.runStatus(ctx.queryParam("status"));
    int limit = Params.limit(ctx.queryParam("limit"), 50, limits.maxPageSize());
    Instant since = Params.instant(ctx.queryParam("queued_since"), "queued_since");
    Instant until = Params.instant(ctx.queryParam("queued_until"), "queued_until");
    if (since != null && until != null && !since.isBefore(until)) {
      throw new InvalidRequestException(400, List.of("queued_until: must be after queued_since"));
    }
    var query =
        new RunQuery(ctx.queryParam("workflow_id"), status, limit, ctx.queryParam("cursor"))
            .withQueued(since, until)
            .withTrigger(Params.trigger(ctx.queryParam("trigger")));
    Page<RunRecord> page = store.read(s -> s.listRuns(query));
    Map<UUID, Trigger> triggers =
        store.read(
            s -> s.schedules().findTriggers(page.items().stream().map(RunRecord::runId).toList()));
    List<ObjectNode> items =
        page.items().stream()
            .map(r -> withTrigger(views.run(r), triggers.getOrDefault(r.runId(), Trigger.API)))
            .toList();
    ctx.json(Params.page(json, items, page.nextCursor()));
  }

  private void cancel(Context ctx) {
    RunRecord run = engine.cancel(Ids.runId(ctx.pathParam("run_id")));
    ctx.json(runView(run.runId()));
  }

  /** 204 once the finished run and its rows are gone; 409 while it is queued or running. */
  /** 202: the run is queued again (or already running); it is followed as a submitted run is. */
  private void retry(Context ctx) {
    RunRecord run = engine.retry(Ids.runId(ctx.pathParam("run_id")));
    ctx.header("Location", location(run.runId())).status(202).json(runView(run.runId()));
  }

  private void delete(Context ctx) {
    engine.deleteRun(Ids.runId(ctx.pathParam("run_id")));
    ctx.status(204);
  }

  private void decide(Context ctx, boolean approved) {
    UUID runId = Ids.runId(ctx.pathParam("run_id"));
    JsonNode body = json.readTree(ctx.body());
    String by = body.path("by").asString("api");
    String comment = body.path("comment").isMissingNode() ? null : body.path("comment").asString();
    engine.decide(runId, ctx.pathParam("node_id"), approved, by, comment);
    ctx.json(runView(runId));
  }

  private void events(Context ctx) {
    UUID runId = Ids.runId(ctx.pathParam("run_id"));
    long after = EventSockets.parseSeq(ctx.queryParam("after"));
    int limit = Params.limit(ctx.queryParam("limit"), 100, limits.maxPageSize());
    List<EventRecord> events =
        store.read(
            s -> {
              if (!exists(s, runId)) {
                throw new RunNotFoundException(runId.toString());
              }
              return s.listEvents(runId, after, limit);
            });
    String next = events.size() == limit ? Long.toString(events.getLast().seq()) : null;
    ctx.json(Params.page(json, events.stream().map(views::event).toList(), next));
  }

  /**
   * Every run's events in cursor order, or those of the {@code type}s asked for; {@code
   * next_cursor} is where to resume, never null, and past the events the filter skipped.
   */
  private void allEvents(Context ctx) {
    Set<EventType> types = EventTypes.parse(ctx.queryParams("type"));
    if ("head".equals(ctx.queryParam("after"))) {
      // where a live view starts: no history, only what commits from now on
      EventCursor head = store.read(s -> s.headCursor());
      ctx.json(Params.page(json, List.of(), head.toString()));
      return;
    }
    EventCursor after = EventCursor.parse(ctx.queryParam("after"));
    int limit = Params.limit(ctx.queryParam("limit"), 100, limits.maxPageSize());
    int scan = EventTypes.scanLimit(limit);
    EventPage page = store.read(s -> s.listEvents(after, types, limit, scan));
    ctx.json(
        Params.page(
            json, page.events().stream().map(views::event).toList(), page.next().toString()));
  }

  /** True when the run has a row, even one that cannot be decoded (its events still read). */
  private static boolean exists(StoreSession s, UUID runId) {
    try {
      return s.findRun(runId).isPresent();
    } catch (UndecodableRowException e) {
      return true;
    }
  }

  private ObjectNode runView(UUID runId) {
    record Snapshot(
        RunRecord run, List<NodeRecord> nodes, Map<String, ItemCounts> items, Trigger trigger) {}
    Snapshot snap =
        store.read(
            s -> {
              RunRecord run =
                  s.findRun(runId).orElseThrow(() -> new RunNotFoundException(runId.toString()));
              List<NodeRecord> nodes;
              try {
                nodes = s.findNodes(runId);
              } catch (UndecodableRowException e) {
                // shown as the failure the engine makes of it, with the reason; no node rows
                run =
                    run.status().isTerminal() && run.error() != null
                        ? run
                        : run.finished(RunStatus.FAILURE, run.finishedAt(), e.reason());
                nodes = List.of();
              }
              return new Snapshot(
                  run, nodes, s.mapItems().counts(runId), s.schedules().findTrigger(runId));
            });
    // definition order, as the workflow was written (the version is parsed once and cached)
    List<String> order =
        engine
            .findDefinition(snap.run().workflowId(), snap.run().workflowVersion())
            .map(d -> d.nodes().stream().map(NodeDefinition::id).toList())
            .orElse(List.of());
    return withTrigger(views.run(snap.run(), snap.nodes(), order, snap.items()), snap.trigger());
  }

  /** Adds {@code trigger}, and {@code parent} for a child run, before {@code nodes}. */
  private ObjectNode withTrigger(ObjectNode run, Trigger trigger) {
    ObjectNode out = json.mapper().createObjectNode();
    run.properties()
        .forEach(
            e -> {
              if (e.getKey().equals("nodes")) {
                addTrigger(out, trigger);
              }
              out.set(e.getKey(), e.getValue());
            });
    if (!out.has("trigger")) {
      addTrigger(out, trigger);
    }
    return out;
  }

  private void addTrigger(ObjectNode out, Trigger trigger) {
    out.set("trigger", ScheduleRoutes.triggerView(json.mapper().createObjectNode(), trigger));
    if (trigger instanceof Trigger.Parent p) {
      ObjectNode parent = out.putObject("parent");
      parent.put("run_id", p.runId().toString());
      parent.put("node_id", p.nodeId());
    }
  }

  private static String location(UUID runId) {
    return "/runs/" + runId;
  }
}
