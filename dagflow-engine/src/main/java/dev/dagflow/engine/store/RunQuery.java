package dev.dagflow.engine.store;

import dev.dagflow.engine.model.RunStatus;

/** Filters for listing runs; null fields do not filter. */
public record RunQuery(String workflowId, RunStatus status, int limit, String cursor) {}
