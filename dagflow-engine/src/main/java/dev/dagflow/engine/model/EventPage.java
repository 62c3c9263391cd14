package dev.dagflow.engine.model;

import java.util.List;
import java.util.Objects;

/**
 * A page of the global event log read with a type filter: the events that matched, and {@code
 * next}, the position the read got to. {@code next} is past every event the read looked at,
 * matching or not, so a reader that resumes from it neither rescans nor stalls on a long stretch of
 * events it does not want (docs/api.md, "GET /events").
 *
 * <pre>{@code
 * EventPage page = store.read(s -> s.listEvents(after, EnumSet.of(RUN_FAILED), 100, 1000));
 * page.events().forEach(this::handle);
 * after = page.next(); // read again at once while page.more()
 * }</pre>
 *
 * @param events the matching events, in cursor order
 * @param next where the next read resumes; the {@code after} it was read from when it looked at
 *     nothing
 * @param more true when the read stopped at its limit or scan bound rather than at the horizon:
 *     there may be more to read right away
 */
public record EventPage(List<EventRecord> events, EventCursor next, boolean more) {
  public EventPage {
    events = List.copyOf(events);
    Objects.requireNonNull(next, "next");
  }
}
