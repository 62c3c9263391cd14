package dev.dagflow.engine.model;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An appended event. {@code seq} is its position in its run (1, 2, 3, … with no gaps; a run's
 * events commit in {@code seq} order); {@code cursor} orders it among the events of all runs (see
 * {@link EventCursor}).
 *
 * <pre>{@code
 * {"seq": 7, "cursor": "812.3301", "type": "node.succeeded", "run_id": "…", "node_id": "design", ...}
 * }</pre>
 */
public record EventRecord(
    long seq,
    EventCursor cursor,
    EventType type,
    UUID runId,
    String workflowId,
    String nodeId,
    Instant at,
    JsonNode data) {}
