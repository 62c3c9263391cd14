package dev.dagflow.store.internal;

import dev.dagflow.engine.model.EventType;
import java.util.EnumMap;
import java.util.Map;

/**
 * How an event's type is stored: a fixed small number (a {@code SMALLINT} column, 2 bytes) instead
 * of its wire name ({@code node.succeeded}: 15 bytes a row). The numbers are part of the schema:
 * migration {@code V22} maps the stored names to them, so they never change and a new type takes a
 * new number. A number this release does not know (0 for a name the migration did not know) reads
 * as an unknown type, and its event is left out of pages as before.
 *
 * <pre>{@code
 * short code = EventTypeCodes.code(EventType.NODE_SUCCEEDED); // 11
 * EventType type = EventTypeCodes.type(code); // NODE_SUCCEEDED; null for an unknown number
 * }</pre>
 */
final class EventTypeCodes {
  private static final Map<EventType, Short> CODES = new EnumMap<>(EventType.class);
  private static final EventType[] TYPES = new EventType[16];

  static {
    put(EventType.RUN_QUEUED, 1);
    put(EventType.RUN_STARTED, 2);
    put(EventType.RUN_SUCCEEDED, 3);
    put(EventType.RUN_FAILED, 4);
    put(EventType.RUN_CANCELLED, 5);
    put(EventType.RUN_RETRIED, 6);
    put(EventType.NODE_READY, 7);
    put(EventType.NODE_STARTED, 8);
    put(EventType.NODE_RETRYING, 9);
    put(EventType.NODE_WAITING, 10);
    put(EventType.NODE_SUCCEEDED, 11);
    put(EventType.NODE_FAILED, 12);
    put(EventType.NODE_SKIPPED, 13);
    put(EventType.NODE_CANCELLED, 14);
    for (EventType t : EventType.values()) {
      if (!CODES.containsKey(t)) {
        throw new ExceptionInInitializerError("event type without a stored code: " + t);
      }
    }
  }

  private EventTypeCodes() {}

  private static void put(EventType type, int code) {
    CODES.put(type, (short) code);
    TYPES[code] = type;
  }

  /** The stored number of {@code type}. */
  static short code(EventType type) {
    return CODES.get(type);
  }

  /** The type stored as {@code code}, or null for a number this release does not know. */
  static EventType type(int code) {
    return code > 0 && code < TYPES.length ? TYPES[code] : null;
  }
}
