package dev.dagflow.engine.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dagflow.engine.model.Artifact;
import dev.dagflow.engine.model.ItemCounts;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A run as the API and {@code dagflow run --json} show it (docs/api.md): snake_case fields,
 * lower-case states, ISO-8601 instants. Nodes come in definition order when {@code order} is given,
 * else by start time.
 *
 * <pre>{@code
 * RunView view = RunView.of(run, store.read(tx -> tx.findNodes(run.runId())));
 * String json = JsonMapper.shared().writeValueAsString(view);
 * }</pre>
 */
@JsonPropertyOrder({
  "run_id",
  "workflow_id",
  "workflow_version",
  "status",
  "params",
  "queued_at",
  "started_at",
  "finished_at",
  "duration_seconds",
  "error",
  "nodes"
})
public record RunView(
    @JsonProperty("run_id") UUID runId,
    @JsonProperty("workflow_id") String workflowId,
    @JsonProperty("workflow_version") int workflowVersion,
    @JsonProperty("status") String status,
    @JsonProperty("params") JsonNode params,
    @JsonProperty("queued_at") String queuedAt,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("finished_at") String finishedAt,
    @JsonProperty("duration_seconds") Double durationSeconds,
    @JsonProperty("error") String error,
    @JsonProperty("nodes") @JsonInclude(JsonInclude.Include.NON_NULL) List<NodeView> nodes) {

  /** One node of the run. */
  @JsonPropertyOrder({
    "id",
    "type",
    "name",
    "status",
    "attempts",
    "started_at",
    "finished_at",
    "duration_seconds",
    "output",
    "quality_score",
    "artifacts",
    "error",
    "items"
  })
  public record NodeView(
      @JsonProperty("id") String id,
      @JsonProperty("type") String type,
      @JsonProperty("name") String name,
      @JsonProperty("status") String status,
      @JsonProperty("attempts") int attempts,
      @JsonProperty("started_at") String startedAt,
      @JsonProperty("finished_at") String finishedAt,
      @JsonProperty("duration_seconds") Double durationSeconds,
      @JsonProperty("output") JsonNode output,
      @JsonProperty("quality_score") Double qualityScore,
      @JsonProperty("artifacts") List<ArtifactView> artifacts,
      @JsonProperty("error") String error,
      @JsonProperty("items") @JsonInclude(JsonInclude.Include.NON_NULL) ItemCounts items) {

    public static NodeView of(NodeRecord n) {
      return of(n, null);
    }

    /** A node; {@code items} are a mapped node's item counts (null for other nodes). */
    public static NodeView of(NodeRecord n, ItemCounts items) {
      return new NodeView(
          n.nodeId(),
          n.type(),
          n.name(),
          n.statusLabel(),
          n.attempts(),
          text(n.startedAt()),
          text(n.finishedAt()),
          seconds(n.startedAt(), n.finishedAt()),
          n.output(),
          n.qualityScore(),
          n.artifacts() == null ? List.of() : n.artifacts().stream().map(ArtifactView::of).toList(),
          n.error(),
          items);
    }
  }

  /** An artifact: type, name, size and where it is. */
  @JsonPropertyOrder({"type", "name", "size_bytes", "uri"})
  public record ArtifactView(
      @JsonProperty("type") String type,
      @JsonProperty("name") String name,
      @JsonProperty("size_bytes") long sizeBytes,
      @JsonProperty("uri") String uri) {
    public static ArtifactView of(Artifact a) {
      return new ArtifactView(a.type(), a.name(), a.sizeBytes(), a.uri());
    }
  }

  /** The view of a run and its nodes, nodes ordered by start (unstarted last, by id). */
  public static RunView of(RunRecord run, List<NodeRecord> nodes) {
    return of(run, nodes, List.of());
  }

  /**
   * Same, with nodes in the given id order (the definition's); nodes the order does not name
   * follow, by start.
   */
  public static RunView of(RunRecord run, List<NodeRecord> nodes, List<String> order) {
    return of(run, nodes, order, Map.of());
  }

  /** Same, with the item counts of mapped nodes by node id (shown as each node's {@code items}). */
  public static RunView of(
      RunRecord run, List<NodeRecord> nodes, List<String> order, Map<String, ItemCounts> items) {
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      position.putIfAbsent(order.get(i), i);
    }
    List<NodeRecord> sorted =
        nodes.stream()
            .sorted(
                Comparator.comparing(
                        (NodeRecord n) -> position.getOrDefault(n.nodeId(), Integer.MAX_VALUE))
                    .thenComparing(
                        NodeRecord::startedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(NodeRecord::nodeId))
            .toList();
    return view(run, sorted.stream().map(n -> NodeView.of(n, items.get(n.nodeId()))).toList());
  }

  /** A run without its nodes, as lists show it (no {@code nodes} field). */
  public static RunView summary(RunRecord run) {
    return view(run, null);
  }

  private static RunView view(RunRecord run, List<NodeView> nodes) {
    return new RunView(
        run.runId(),
        run.workflowId(),
        run.workflowVersion(),
        run.status().label(),
        run.params(),
        text(run.queuedAt()),
        text(run.startedAt()),
        text(run.finishedAt()),
        seconds(run.startedAt(), run.finishedAt()),
        run.error(),
        nodes);
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }

  private static Double seconds(Instant from, Instant to) {
    return from == null || to == null ? null : java.time.Duration.between(from, to).toNanos() / 1e9;
  }
}
