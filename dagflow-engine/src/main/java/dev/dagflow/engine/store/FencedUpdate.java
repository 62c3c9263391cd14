package dev.dagflow.engine.store;

import dev.dagflow.engine.model.NodeRecord;

/**
 * A node write that applies only while the stored row is still {@code running} under {@code
 * expectedOwner} at {@code expectedAttempt}: how a completion from a lost lease is dropped.
 *
 * <p>{@code new FencedUpdate(succeeded, "instance-1", 1)}
 */
public record FencedUpdate(NodeRecord node, String expectedOwner, int expectedAttempt) {}
