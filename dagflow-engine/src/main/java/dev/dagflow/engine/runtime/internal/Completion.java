package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.NodeKey;

/** An attempt's outcome to apply, fenced by the lease owner and attempt it ran under. */
public record Completion(NodeKey key, String owner, int attempt, AttemptOutcome outcome) {}
