package dev.dagflow.store;

import static dev.dagflow.store.Records.at;
import static dev.dagflow.store.Records.event;
import static dev.dagflow.store.Records.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventPage;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NewEvent;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.store.StoreSession;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The global event log read with a type filter (docs/api.md, "GET /events"), on every dialect. */
abstract class EventFilterContractTest extends StoreTestBase {
  private static final Set<EventType> ENDS =
      EnumSet.of(EventType.RUN_SUCCEEDED, EventType.RUN_FAILED, EventType.RUN_CANCELLED);

  private EventRecord append(NewEvent event) {
    return store.transaction(tx -> tx.appendEvents(List.of(event))).getFirst();
  }

  private EventPage page(EventCursor after, Set<EventType> types, int limit, int scanLimit) {
    return store.read((StoreSession tx) -> tx.listEvents(after, types, limit, scanLimit));
  }

  /**
   * Waits until the global read sees {@code last}: on PostgreSQL the horizon is cluster-wide, so
   * another suite's open transaction may hold it back for a moment.
   */
  private void awaitVisible(EventRecord last) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> store.read((StoreSession tx) -> tx.listEvents(EventCursor.START, 1000)),
            all -> all.contains(last));
  }

  @Test
  void returnsOnlyMatchingEventsWholeAndMovesPastTheOthers() {
    RunRecord a = insert(run("etl", at(0)));
    RunRecord b = insert(run("report", at(0)));
    EventRecord aQueued = append(event(a, EventType.RUN_QUEUED, null));
    append(event(a, EventType.NODE_STARTED, "x"));
    EventRecord bQueued = append(event(b, EventType.RUN_QUEUED, null));
    append(event(a, EventType.NODE_SUCCEEDED, "x"));
    EventRecord aEnd = append(event(a, EventType.RUN_SUCCEEDED, null));
    EventRecord bNode = append(event(b, EventType.NODE_STARTED, "y"));
    awaitVisible(bNode);

    EventPage ends = page(EventCursor.START, ENDS, 10, 100);
    EventPage runs =
        page(EventCursor.START, EnumSet.of(EventType.RUN_QUEUED, EventType.RUN_SUCCEEDED), 10, 100);

    // the same records as unfiltered reads give: data and workflow included
    assertThat(ends.events()).containsExactly(aEnd);
    assertThat(runs.events()).containsExactly(aQueued, bQueued, aEnd);
    assertThat(runs.events().get(1).workflowId()).isEqualTo("report");
    // past the trailing node event that did not match, and nothing more to read now
    assertThat(ends.next()).isEqualTo(bNode.cursor());
    assertThat(ends.more()).isFalse();
    assertThat(page(ends.next(), ENDS, 10, 100))
        .isEqualTo(new EventPage(List.of(), bNode.cursor(), false));
  }

  @Test
  void aFullPageEndsAtItsLastMatchAndResumingFromThereMissesNothing() {
    RunRecord run = insert(run("etl", at(0)));
    EventRecord queued = append(event(run, EventType.RUN_QUEUED, null));
    append(event(run, EventType.NODE_STARTED, "x"));
    EventRecord started = append(event(run, EventType.RUN_STARTED, null));
    append(event(run, EventType.NODE_SUCCEEDED, "x"));
    EventRecord ended = append(event(run, EventType.RUN_FAILED, null));
    awaitVisible(ended);
    Set<EventType> runEvents = EnumSet.of(EventType.RUN_QUEUED, EventType.RUN_STARTED);
    runEvents.addAll(ENDS);

    EventPage first = page(EventCursor.START, runEvents, 2, 100);
    EventPage second = page(first.next(), runEvents, 2, 100);

    assertThat(first).isEqualTo(new EventPage(List.of(queued, started), started.cursor(), true));
    assertThat(second).isEqualTo(new EventPage(List.of(ended), ended.cursor(), false));
  }

  @Test
  void aReadLooksAtNoMoreThanItsScanLimitAndSaysWhereItStopped() {
    RunRecord run = insert(run("etl", at(0)));
    List<EventRecord> nodes =
        List.of(
            append(event(run, EventType.NODE_READY, "a")),
            append(event(run, EventType.NODE_STARTED, "a")),
            append(event(run, EventType.NODE_SUCCEEDED, "a")),
            append(event(run, EventType.NODE_READY, "b")),
            append(event(run, EventType.NODE_STARTED, "b")));
    EventRecord ended = append(event(run, EventType.RUN_CANCELLED, null));
    awaitVisible(ended);

    EventPage stretch = page(EventCursor.START, ENDS, 1, 3);
    EventPage rest = page(stretch.next(), ENDS, 1, 3);

    // three non-matching events looked at: none returned, but the position moves past them
    assertThat(stretch).isEqualTo(new EventPage(List.of(), nodes.get(2).cursor(), true));
    assertThat(rest).isEqualTo(new EventPage(List.of(ended), ended.cursor(), true));
    assertThat(page(rest.next(), ENDS, 1, 3))
        .isEqualTo(new EventPage(List.of(), ended.cursor(), false));
  }

  @Test
  void everyTypeReadsAsTheUnfilteredLog() {
    RunRecord run = insert(run("etl", at(0)));
    EventRecord queued = append(event(run, EventType.RUN_QUEUED, null));
    EventRecord node = append(event(run, EventType.NODE_READY, "a"));
    awaitVisible(node);

    assertThat(page(EventCursor.START, EnumSet.allOf(EventType.class), 10, 100))
        .isEqualTo(new EventPage(List.of(queued, node), node.cursor(), false));
    assertThat(page(EventCursor.START, EnumSet.allOf(EventType.class), 1, 100))
        .isEqualTo(new EventPage(List.of(queued), queued.cursor(), true));
  }

  @Test
  void noTypesOrAScanLimitBelowTheLimitIsAProgrammingError() {
    assertThatThrownBy(() -> page(EventCursor.START, Set.of(), 10, 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> page(EventCursor.START, ENDS, 10, 9))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
