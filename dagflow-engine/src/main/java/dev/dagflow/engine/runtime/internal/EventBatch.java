package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NewEvent;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.store.StoreSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The events of one transaction with the rows they describe; {@link #append} writes them last in
 * the transaction and, once it commits, leaves the rows with the dispatcher.
 */
public final class EventBatch {
  private final List<NewEvent> events = new ArrayList<>();
  private final List<EventDispatcher.Rows> rows = new ArrayList<>();

  public void run(EventType type, RunRecord run, Instant at, ObjectNode data) {
    events.add(new NewEvent(type, run.runId(), run.workflowId(), null, at, data));
    rows.add(new EventDispatcher.Rows(run, null));
  }

  public void node(EventType type, RunRecord run, NodeRecord node, Instant at, ObjectNode data) {
    events.add(new NewEvent(type, run.runId(), run.workflowId(), node.nodeId(), at, data));
    rows.add(new EventDispatcher.Rows(run, node));
  }

  public boolean isEmpty() {
    return events.isEmpty();
  }

  public List<EventRecord> append(StoreSession tx, EventDispatcher dispatcher) {
    if (events.isEmpty()) {
      return List.of();
    }
    List<EventRecord> appended = tx.appendEvents(events);
    List<EventDispatcher.Rows> described = List.copyOf(rows);
    tx.onCommit(
        () -> {
          for (int i = 0; i < appended.size(); i++) {
            dispatcher.attach(appended.get(i), described.get(i));
          }
        });
    return appended;
  }

  public static ObjectNode data() {
    return JsonNodeFactory.instance.objectNode();
  }
}
