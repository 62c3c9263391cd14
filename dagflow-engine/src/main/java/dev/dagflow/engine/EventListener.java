package dev.dagflow.engine;

import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;

/**
 * Receives the events of this engine instance after they are committed, in {@code seq} order, on
 * one dispatcher thread. The metrics layer and the API subscribe here, so the engine never calls
 * Prometheus itself. {@code run} and {@code node} are the rows as of the event ({@code node} is
 * null for run events), so a listener needs no query.
 *
 * <pre>{@code
 * engine.addListener((event, run, node) -> log.info("{} {}", event.type(), event.nodeId()));
 * }</pre>
 */
@FunctionalInterface
public interface EventListener {
  void onEvent(EventRecord event, RunRecord run, NodeRecord node);
}
