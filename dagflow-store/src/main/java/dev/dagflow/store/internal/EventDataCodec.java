package dev.dagflow.store.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How an event's {@code data} is stored: the engine's top-level keys shortened to one letter, and
 * {@code retry_count} left out where it is {@code attempt - 1} (then {@code attempt} is stored as
 * {@code A}); reading expands it back, so the API returns the same JSON. Events are most of the
 * database's bytes per run (docs/performance.md, "Footprint and retention"), and these keys were
 * most of their payload.
 *
 * <p>Rows written before this encoding carry the long keys and read back unchanged. Keys the engine
 * does not know are kept as they are; nested objects (artifacts, contracts) are not touched.
 *
 * <pre>{@code
 * JsonNode stored = EventDataCodec.encode(data); // {"A":1,"d":0.2} for attempt 1, 0 retries
 * JsonNode api = EventDataCodec.decode(stored); // the original data
 * }</pre>
 */
final class EventDataCodec {
  /** Long key to short key, in the order the engine writes them (and reading restores). */
  private static final Map<String, String> SHORT = new LinkedHashMap<>();

  static {
    SHORT.put("attempt", "a");
    SHORT.put("queue_wait_seconds", "w");
    SHORT.put("duration_seconds", "d");
    SHORT.put("retry_count", "r");
    SHORT.put("error", "e");
    SHORT.put("quality_score", "q");
    SHORT.put("artifacts", "f");
    SHORT.put("contracts", "c");
    SHORT.put("reason", "s");
    SHORT.put("timeout_at", "t");
    SHORT.put("next_attempt_at", "n");
  }

  private static final Map<String, String> LONG = new LinkedHashMap<>();

  static {
    SHORT.forEach((k, v) -> LONG.put(v, k));
  }

  /** Stands for {@code attempt} followed by {@code retry_count = max(0, attempt - 1)}. */
  private static final String ATTEMPT_AND_RETRIES = "A";

  private EventDataCodec() {}

  /** The stored form of {@code data}; anything but an object is stored as it is. */
  static JsonNode encode(JsonNode data) {
    if (data == null || !data.isObject() || data.isEmpty()) {
      return data;
    }
    boolean derived = derivable(data);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> field : data.properties()) {
      String key = field.getKey();
      if (LONG.containsKey(key) || key.equals(ATTEMPT_AND_RETRIES)) {
        return data; // a key that reads as a short one: keep the long form, unambiguous
      }
      if (derived && key.equals("retry_count")) {
        continue;
      }
      out.set(
          derived && key.equals("attempt") ? ATTEMPT_AND_RETRIES : SHORT.getOrDefault(key, key),
          field.getValue());
    }
    return out;
  }

  /** The data as the engine wrote it, from either stored form. */
  static JsonNode decode(JsonNode stored) {
    if (stored == null || !stored.isObject() || stored.isEmpty() || !isShort(stored)) {
      return stored;
    }
    Map<String, JsonNode> byLongKey = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : stored.properties()) {
      String key = field.getKey();
      if (key.equals(ATTEMPT_AND_RETRIES)) {
        int attempt = field.getValue().asInt();
        byLongKey.put("attempt", field.getValue());
        byLongKey.put("retry_count", JsonNodeFactory.instance.numberNode(Math.max(0, attempt - 1)));
      } else {
        byLongKey.put(LONG.getOrDefault(key, key), field.getValue());
      }
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    SHORT.keySet().stream()
        .filter(byLongKey::containsKey)
        .forEach(k -> out.set(k, byLongKey.remove(k)));
    byLongKey.forEach(out::set); // keys the engine does not know, in their stored order
    return out;
  }

  /** Whether {@code retry_count} follows from {@code attempt}, as in every finished node's data. */
  private static boolean derivable(JsonNode data) {
    JsonNode attempt = data.get("attempt");
    JsonNode retries = data.get("retry_count");
    return attempt != null
        && retries != null
        && attempt.isInt()
        && retries.isIntegralNumber()
        && retries.asLong() == Math.max(0, attempt.asInt() - 1);
  }

  /** Whether a stored object uses the short keys (every row written since V21 does). */
  private static boolean isShort(JsonNode stored) {
    Iterator<String> names = stored.propertyNames().iterator();
    while (names.hasNext()) {
      String name = names.next();
      if (SHORT.containsKey(name)) {
        return false;
      }
      if (LONG.containsKey(name) || name.equals(ATTEMPT_AND_RETRIES)) {
        return true;
      }
    }
    return false;
  }
}
