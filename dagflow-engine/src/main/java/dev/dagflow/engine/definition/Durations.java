package dev.dagflow.engine.definition;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in workflow files: whole numbers with a unit, largest unit first, each unit
 * at most once ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 1h30m}).
 *
 * <pre>{@code
 * Durations.parse("1h30m");              // -> PT1H30M
 * Durations.find("soon");                // -> Optional.empty()
 * Durations.format(Duration.ofMillis(1500)); // -> "1s500ms"
 * }</pre>
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d{1,12})(ms|h|m|s)");

  private Durations() {}

  /** The duration this text denotes, or empty when it is not a valid duration. */
  public static Optional<Duration> find(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    int position = 0;
    int lastUnit = -1;
    try {
      while (position < text.length()) {
        if (!m.find(position) || m.start() != position) {
          return Optional.empty();
        }
        int unit = unitRank(m.group(2));
        if (unit <= lastUnit) {
          return Optional.empty();
        }
        lastUnit = unit;
        long amount = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "h" -> Duration.ofHours(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  default -> Duration.ofMillis(amount);
                });
        position = m.end();
      }
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
    return Optional.of(total);
  }

  /** The duration this text denotes; throws {@link IllegalArgumentException} with the rules. */
  public static Duration parse(String text) {
    return find(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "malformed duration '"
                        + text
                        + "': use whole numbers with units h, m, s, ms, e.g. 500ms, 30s, 10m, 1h,"
                        + " 1h30m"));
  }

  /** The shortest text {@link #parse} reads back as this duration, e.g. {@code 1m30s}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    append(text, duration.toHours(), "h");
    append(text, duration.toMinutesPart(), "m");
    append(text, duration.toSecondsPart(), "s");
    append(text, duration.toMillisPart(), "ms");
    return text.toString();
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount > 0) {
      text.append(amount).append(unit);
    }
  }

  private static int unitRank(String unit) {
    return switch (unit) {
      case "h" -> 0;
      case "m" -> 1;
      case "s" -> 2;
      default -> 3;
    };
  }
}
