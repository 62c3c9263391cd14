package dev.dagflow.engine.model;

/**
 * How a mapped node's items stand: {@code total} items, of which {@code succeeded} and {@code
 * failed} ended so, and {@code running} are executing now (the rest wait, are retrying or were
 * cancelled).
 *
 * <pre>{@code
 * new ItemCounts(10, 7, 0, 2)   // 7/10 done, 2 running
 * }</pre>
 */
public record ItemCounts(int total, int succeeded, int failed, int running) {}
