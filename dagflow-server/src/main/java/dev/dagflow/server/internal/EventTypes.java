package dev.dagflow.server.internal;

import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.model.EventType;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The {@code type} filter of {@code GET /events} and {@code /ws/events}: event types, comma
 * separated or repeated, each a wire name ({@code run.failed}) or a prefix ({@code run.*}, {@code
 * node.*}). An unknown one is a 400 naming it; no {@code type} means every type (docs/api.md, "GET
 * /events").
 *
 * <pre>{@code
 * Set<EventType> ends = EventTypes.parse(List.of("run.succeeded,run.failed", "run.cancelled"));
 * int scan = EventTypes.scanLimit(100); // 1000 events looked at, at most, for a page of 100
 * }</pre>
 */
final class EventTypes {
  /**
   * How many events a filtered page looks at per event it may return: bounded work for a page
   * however rare the matches, and a page of 100 follows a 12-node workflow's run ends (1 event in
   * about 27) with one read in most polls.
   */
  private static final int SCAN_FACTOR = 10;

  /** A small {@code limit} still skips a long stretch of non-matching events in one read. */
  private static final int MIN_SCAN = 1_000;

  private EventTypes() {}

  /** The types {@code values} name; every type when there are none. */
  static Set<EventType> parse(List<String> values) {
    if (values == null || values.isEmpty()) {
      return EnumSet.allOf(EventType.class);
    }
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (String value : values) {
      for (String item : value.split(",", -1)) {
        types.addAll(one(item.strip()));
      }
    }
    return types;
  }

  /** The most events a page of {@code limit} looks at. */
  static int scanLimit(int limit) {
    return Math.max(MIN_SCAN, Math.multiplyExact(limit, SCAN_FACTOR));
  }

  private static Set<EventType> one(String item) {
    if (item.isEmpty()) {
      throw bad(
          "type: empty event type (expected a comma-separated list such as run.failed,run.*)");
    }
    String prefix = item.endsWith(".*") ? item.substring(0, item.length() - 1) : null;
    Predicate<String> named = prefix == null ? item::equals : wire -> wire.startsWith(prefix);
    Set<EventType> matched = EnumSet.noneOf(EventType.class);
    for (EventType t : EventType.values()) {
      if (named.test(t.wireName())) {
        matched.add(t);
      }
    }
    if (matched.isEmpty()) {
      throw bad(
          "type: unknown event type '"
              + (item.length() > 40 ? item.substring(0, 40) + "…" : item)
              + "' (expected "
              + Arrays.stream(EventType.values())
                  .map(EventType::wireName)
                  .collect(Collectors.joining(", "))
              + ", run.* or node.*)");
    }
    return matched;
  }

  private static InvalidRequestException bad(String problem) {
    return new InvalidRequestException(400, List.of(problem));
  }
}
