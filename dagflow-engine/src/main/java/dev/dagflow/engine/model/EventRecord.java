package dev.dagflow.engine.model;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An appended event. {@code seq} comes from one database sequence and only grows, across all runs;
 * the store appends under one lock so commit order equals {@code seq} order, and a reader that
 * resumes "after seq N" never misses one.
 *
 * <pre>{@code
 * {"seq": 7, "type": "node.succeeded", "run_id": "…", "workflow_id": "…", "node_id": "design", ...}
 * }</pre>
 */
public record EventRecord(
    long seq,
    EventType type,
    UUID runId,
    String workflowId,
    String nodeId,
    Instant at,
    JsonNode data) {}
