package dev.dagflow.engine.model;

import java.util.UUID;

/** Identifies one node of one run. */
public record NodeKey(UUID runId, String nodeId) {}
