package dev.dagflow.engine.model;

/** Something a node produced: a type (the metric label), a name, its size and where it is. */
public record Artifact(String type, String name, long sizeBytes, String uri) {}
