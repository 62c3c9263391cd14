package dev.dagflow.server.internal;

import dev.dagflow.engine.WorkflowEngine;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.model.Page;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.store.Store;
import dev.dagflow.server.slo.SloRuleFiles;
import dev.dagflow.server.slo.SloRules;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /slo/rules[?format=prometheus|kubernetes]}: the Prometheus rules generated from the
 * {@code slo:} blocks of the registered workflows' latest versions (docs/slo.md), as YAML.
 *
 * <pre>{@code
 * new SloRoutes(engine, store).install(cfg.routes);
 * }</pre>
 */
public final class SloRoutes {
  private static final int PAGE = 500;

  private final WorkflowEngine engine;
  private final Store store;

  public SloRoutes(WorkflowEngine engine, Store store) {
    this.engine = engine;
    this.store = store;
  }

  public void install(RoutesConfig routes) {
    routes.get("/slo/rules", this::rules);
  }

  private void rules(Context ctx) {
    String name = ctx.queryParam("format");
    SloRuleFiles.Format format =
        name == null
            ? SloRuleFiles.Format.PROMETHEUS
            : SloRuleFiles.Format.find(name)
                .orElseThrow(
                    () ->
                        new InvalidRequestException(
                            400,
                            List.of(
                                "query parameter 'format' must be prometheus or kubernetes, not '"
                                    + name
                                    + "'")));
    ctx.contentType("application/yaml; charset=utf-8")
        .result(SloRuleFiles.render(SloRules.groups(registered()), format));
  }

  /** The latest definition of every registered workflow, in the store's order. */
  private List<WorkflowDefinition> registered() {
    List<WorkflowDefinition> definitions = new ArrayList<>();
    String cursor = null;
    do {
      String after = cursor;
      Page<StoredWorkflow> page = store.read(s -> s.listWorkflows(PAGE, after));
      for (StoredWorkflow wf : page.items()) {
        engine.findDefinition(wf.id()).ifPresent(definitions::add);
      }
      cursor = page.nextCursor();
    } while (cursor != null);
    return definitions;
  }
}
