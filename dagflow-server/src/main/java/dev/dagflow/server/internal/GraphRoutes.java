package dev.dagflow.server.internal;

import dev.dagflow.engine.WorkflowEngine;
import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.error.WorkflowNotFoundException;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.store.Store;
import dev.dagflow.ui.DagLayout;
import dev.dagflow.ui.LayoutCache;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /workflows/{workflow_id}/graph?version=}: the DAG with ELK positions that the UI
 * draws, laid out once per workflow version ({@link LayoutCache}); without {@code version}, the
 * latest.
 *
 * <pre>{@code
 * new GraphRoutes(engine, store, layouts, json).install(cfg.routes);
 * }</pre>
 */
public final class GraphRoutes {
  private static final int WRITTEN_CAPACITY = 16;
  private final WorkflowEngine engine;
  private final Store store;
  private final LayoutCache layouts;
  private final Json json;
  private final Map<String, Written> written =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
          return size() > WRITTEN_CAPACITY;
        }
      };

  public GraphRoutes(WorkflowEngine engine, Store store, LayoutCache layouts, Json json) {
    this.engine = engine;
    this.store = store;
    this.layouts = layouts;
    this.json = json;
  }

  public void install(RoutesConfig routes) {
    routes.get("/workflows/{workflow_id}/graph", this::graph);
  }

  private void graph(Context ctx) {
    String id = ctx.pathParam("workflow_id");
    Integer asked = version(ctx.queryParam("version"));
    StoredWorkflow wf =
        store
            .read(s -> asked == null ? s.findWorkflow(id) : s.findWorkflow(id, asked))
            .orElseThrow(
                () -> new WorkflowNotFoundException(asked == null ? id : id + " v" + asked));
    DagLayout layout =
        layouts.get(
            wf,
            () ->
                engine
                    .findDefinition(id, wf.version())
                    .orElseThrow(() -> new WorkflowNotFoundException(id)));
    // A version never changes: browsers may keep it; the latest may move on.
    ctx.header("Cache-Control", asked == null ? "no-cache" : "private, max-age=86400");
    ctx.contentType("application/json").result(rendered(layout));
  }

  /**
   * The layout's JSON, written once per layout: a 5,000-node graph is about 1 MB of JSON whose tree
   * took longer to build and write than the rest of the request (the run page of a running
   * 5,000-node run waited seconds for it on a loaded machine). Bounded like the layout cache; an
   * entry is reused only for the very layout it was written from.
   */
  private byte[] rendered(DagLayout layout) {
    String key = layout.workflowId() + "@" + layout.version();
    synchronized (written) {
      Written w = written.get(key);
      if (w != null && w.layout() == layout) {
        return w.json();
      }
    }
    byte[] json = this.json.mapper().writeValueAsBytes(render(layout));
    synchronized (written) {
      written.put(key, new Written(layout, json));
    }
    return json;
  }

  private record Written(DagLayout layout, byte[] json) {}

  private ObjectNode render(DagLayout layout) {
    ObjectNode o = json.mapper().createObjectNode();
    o.put("workflow_id", layout.workflowId());
    o.put("version", layout.version());
    o.put("width", layout.width());
    o.put("height", layout.height());
    ArrayNode nodes = o.putArray("nodes");
    for (DagLayout.PlacedNode n : layout.nodes()) {
      ObjectNode node = nodes.addObject();
      node.put("id", n.id());
      node.put("type", n.type());
      node.put("name", n.name());
      node.put("x", n.x());
      node.put("y", n.y());
      node.put("width", n.width());
      node.put("height", n.height());
    }
    ArrayNode edges = o.putArray("edges");
    for (DagLayout.RoutedEdge e : layout.edges()) {
      ObjectNode edge = edges.addObject();
      edge.put("from", e.from());
      edge.put("to", e.to());
      ArrayNode points = edge.putArray("points");
      for (double[] p : e.points()) {
        points.addArray().add(p[0]).add(p[1]);
      }
    }
    return o;
  }

  private static Integer version(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      int v = Integer.parseInt(value.strip());
      if (v < 1) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(400, List.of("version: expected an integer >= 1"));
    }
  }
}
