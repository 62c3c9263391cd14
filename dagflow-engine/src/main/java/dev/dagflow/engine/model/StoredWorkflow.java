package dev.dagflow.engine.model;

import java.time.Instant;

/** A registered definition version: the source text exactly as submitted. */
public record StoredWorkflow(String id, int version, String source, Instant createdAt) {}
