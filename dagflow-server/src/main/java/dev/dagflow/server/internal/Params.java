package dev.dagflow.server.internal;

import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.store.RunQuery;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/** Query parameter parsing with 400 problems that name the parameter, and the list shape. */
final class Params {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

  private Params() {}

  /** {@code 30}, {@code 2.5}, {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}. */
  static Duration duration(String value, Duration fallback, String name) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Matcher m = DURATION.matcher(value.strip());
    if (!m.matches()) {
      throw bad(name + ": expected a duration such as 30, 30s, 500ms or 10m");
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    long millisPer =
        switch (m.group(2) == null ? "s" : m.group(2)) {
          case "ms" -> 1;
          case "m" -> 60_000;
          case "h" -> 3_600_000;
          default -> 1000;
        };
    return Duration.ofMillis(amount.multiply(BigDecimal.valueOf(millisPer)).longValue());
  }

  static int limit(String value, int fallback, int max) {
    if (value == null || value.isBlank()) {
      return Math.min(fallback, max);
    }
    try {
      int limit = Integer.parseInt(value.strip());
      if (limit < 1 || limit > max) {
        throw bad("limit: expected 1 to " + max);
      }
      return limit;
    } catch (NumberFormatException e) {
      throw bad("limit: expected an integer");
    }
  }

  static RunStatus runStatus(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return RunStatus.fromLabel(value.strip());
    } catch (IllegalArgumentException e) {
      throw bad("status: expected queued, running, success, failure or cancelled");
    }
  }

  /** An RFC 3339 instant with an offset ({@code 2026-12-04T10:00:00Z}), or null when absent. */
  static Instant instant(String value, String name) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw bad(name + ": expected an RFC 3339 time such as 2026-12-04T10:00:00Z");
    }
  }

  static String trigger(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (!RunQuery.TRIGGERS.contains(value.strip())) {
      throw bad("trigger: expected " + String.join(", ", RunQuery.TRIGGERS));
    }
    return value.strip();
  }

  /** {@code {"items": [...], "next_cursor": "…" or null}}. */
  static ObjectNode page(Json json, List<?> items, String nextCursor) {
    ObjectNode o = json.mapper().createObjectNode();
    o.set("items", json.mapper().valueToTree(items));
    o.put("next_cursor", nextCursor);
    return o;
  }

  private static InvalidRequestException bad(String problem) {
    return new InvalidRequestException(400, List.of(problem));
  }
}
