package dev.dagflow.engine.node.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed reads of a rendered node config, with messages that name the key. */
public final class ConfigValues {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private ConfigValues() {}

  /** Parses {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, or a number of seconds. */
  public static Duration parseDuration(Object value, String key) {
    if (value instanceof Number n) {
      return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }
    Matcher m = DURATION.matcher(String.valueOf(value).trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "config." + key + ": '" + value + "' is not a duration (500ms, 30s, 10m, 1h)");
    }
    double amount = Double.parseDouble(m.group(1));
    double millis =
        switch (m.group(2)) {
          case "ms" -> amount;
          case "s" -> amount * 1_000;
          case "m" -> amount * 60_000;
          default -> amount * 3_600_000;
        };
    return Duration.ofMillis(Math.round(millis));
  }

  public static Optional<Duration> duration(Map<String, Object> config, String key) {
    Object v = config.get(key);
    return v == null ? Optional.empty() : Optional.of(parseDuration(v, key));
  }

  public static Optional<Double> number(Map<String, Object> config, String key) {
    Object v = config.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Number n) {
      return Optional.of(n.doubleValue());
    }
    try {
      return Optional.of(Double.parseDouble(String.valueOf(v)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("config." + key + ": '" + v + "' is not a number");
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Map<String, Object> config, String key) {
    Object v = config.get(key);
    if (v == null) {
      return Map.of();
    }
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException("config." + key + " must be a map");
  }

  public static List<?> list(Map<String, Object> config, String key) {
    Object v = config.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      return l;
    }
    throw new IllegalArgumentException("config." + key + " must be a list");
  }

  public static String requireString(Map<String, Object> config, String key) {
    Object v = config.get(key);
    if (v == null || String.valueOf(v).isBlank()) {
      throw new IllegalArgumentException("config." + key + " is required");
    }
    return String.valueOf(v);
  }
}
