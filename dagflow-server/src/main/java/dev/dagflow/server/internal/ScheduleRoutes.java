package dev.dagflow.server.internal;

import dev.dagflow.engine.WorkflowEngine;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.ScheduleRecord;
import dev.dagflow.engine.model.Trigger;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /schedules} and a schedule's pause, resume and trigger (fire now) routes; and the JSON
 * of a run's {@code trigger}.
 *
 * <pre>{@code
 * new ScheduleRoutes(engine, json).install(cfg.routes);
 * }</pre>
 */
public final class ScheduleRoutes {
  private final WorkflowEngine engine;
  private final Json json;

  public ScheduleRoutes(WorkflowEngine engine, Json json) {
    this.engine = engine;
    this.json = json;
  }

  public void install(RoutesConfig routes) {
    routes.get("/schedules", this::list);
    routes.post(
        "/schedules/{workflow_id}/{schedule_id}/pause",
        ctx -> ctx.json(view(engine.schedules().pause(workflowId(ctx), scheduleId(ctx)))));
    routes.post(
        "/schedules/{workflow_id}/{schedule_id}/resume",
        ctx -> ctx.json(view(engine.schedules().resume(workflowId(ctx), scheduleId(ctx)))));
    routes.post("/schedules/{workflow_id}/{schedule_id}/trigger", this::trigger);
  }

  private void list(Context ctx) {
    List<ObjectNode> items = engine.schedules().list().stream().map(this::view).toList();
    ctx.json(Params.page(json, items, null));
  }

  private void trigger(Context ctx) {
    RunRecord run = engine.schedules().trigger(workflowId(ctx), scheduleId(ctx));
    ObjectNode body = json.mapper().createObjectNode();
    body.put("run_id", run.runId().toString());
    body.put("status", run.status().label());
    ctx.header("Location", "/runs/" + run.runId()).status(202).json(body);
  }

  private ObjectNode view(ScheduleRecord s) {
    ObjectNode o = json.mapper().createObjectNode();
    o.put("workflow_id", s.workflowId());
    o.put("schedule_id", s.scheduleId());
    o.put("cron", s.cron());
    o.put("timezone", s.timezone());
    o.put("enabled", s.enabled());
    o.put("paused", s.paused());
    o.put("next_fire_time", text(s.nextFireAt()));
    o.put("last_fire_time", text(s.lastFireAt()));
    o.put("last_run_id", s.lastRunId() == null ? null : s.lastRunId().toString());
    o.put("buffered_fire_time", text(s.bufferedFireAt()));
    return o;
  }

  /**
   * {@code {"type":"api"}}, {@code {"type":"schedule","schedule_id":…,"fire_time":…}} or {@code
   * {"type":"parent","run_id":…,"node_id":…}}.
   */
  public static ObjectNode triggerView(ObjectNode into, Trigger trigger) {
    into.put("type", trigger.type());
    switch (trigger) {
      case Trigger.Api api -> {}
      case Trigger.Cli cli -> {}
      case Trigger.Schedule s -> {
        into.put("schedule_id", s.scheduleId());
        into.put("fire_time", text(s.fireTime()));
      }
      case Trigger.Parent p -> {
        into.put("run_id", p.runId().toString());
        into.put("node_id", p.nodeId());
      }
    }
    return into;
  }

  private static String workflowId(Context ctx) {
    return ctx.pathParam("workflow_id");
  }

  private static String scheduleId(Context ctx) {
    return ctx.pathParam("schedule_id");
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }
}
