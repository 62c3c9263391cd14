package dev.dagflow.engine.model;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An event to append; the store gives it its {@code seq}. {@code nodeId} is null for run events.
 */
public record NewEvent(
    EventType type, UUID runId, String workflowId, String nodeId, Instant at, JsonNode data) {}
