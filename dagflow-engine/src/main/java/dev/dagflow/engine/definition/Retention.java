package dev.dagflow.engine.definition;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long finished runs are kept, as the server's {@code --retention} flag and a definition's
 * {@code retention:} key write it: a {@link Durations duration} that may start with whole days
 * ({@code 30d}, {@code 7d12h}, {@code 36h}, {@code 10m}), or {@code 0} to keep runs forever.
 *
 * <pre>{@code
 * Retention.parse("30d");   // -> PT720H
 * Retention.parse("0");     // -> PT0S: keep forever
 * Retention.find("soon");   // -> Optional.empty()
 * }</pre>
 */
public final class Retention {
  /** The server's default: 30 days. */
  public static final Duration DEFAULT = Duration.ofDays(30);

  private static final Pattern DAYS = Pattern.compile("(\\d{1,6})d(.*)");

  private Retention() {}

  /** The period this text denotes ({@link Duration#ZERO} for "0"), or empty when malformed. */
  public static Optional<Duration> find(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    if (t.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    Matcher m = DAYS.matcher(t);
    if (!m.matches()) {
      return Durations.find(t);
    }
    Duration days = Duration.ofDays(Long.parseLong(m.group(1)));
    return m.group(2).isEmpty() ? Optional.of(days) : Durations.find(m.group(2)).map(days::plus);
  }

  /** The period this text denotes; throws {@link IllegalArgumentException} naming the rules. */
  public static Duration parse(String text) {
    return find(text).orElseThrow(() -> new IllegalArgumentException(malformed(text)));
  }

  /** The message for a malformed period. */
  public static String malformed(String text) {
    return "malformed retention '"
        + text
        + "': use 0 (keep runs forever) or whole numbers with units d, h, m, s, ms,"
        + " e.g. 30d, 7d12h, 36h";
  }
}
