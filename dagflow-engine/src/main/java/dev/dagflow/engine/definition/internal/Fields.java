package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.definition.Durations;
import dev.dagflow.engine.definition.Retention;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The keys of one mapping in a definition (a workflow, a node, a retry block), checked against the
 * keys allowed there, with typed getters that report a wrongly typed value at its position.
 */
public final class Fields {
  private final String what;
  private final Node at;
  private final Map<String, YamlDocument.Entry> entries;
  private final Problems problems;

  private Fields(String what, Node at, Map<String, YamlDocument.Entry> entries, Problems problems) {
    this.what = what;
    this.at = at;
    this.entries = entries;
    this.problems = problems;
  }

  /**
   * Reads a mapping: reports a non-mapping, unknown keys (naming the allowed ones and the closest
   * match) and missing required keys.
   */
  public static Fields read(
      Node node, String what, List<String> allowed, List<String> required, Problems problems) {
    Map<String, YamlDocument.Entry> entries = new LinkedHashMap<>();
    if (!(node instanceof MappingNode mapping)) {
      problems.add(node, what + " must be a mapping with keys " + String.join(", ", allowed));
      return new Fields(what, node, entries, problems);
    }
    for (YamlDocument.Entry entry : YamlDocument.entries(mapping, problems)) {
      if (allowed.contains(entry.key())) {
        entries.put(entry.key(), entry);
      } else {
        problems.add(entry.keyNode(), unknownKey(entry.key(), what, allowed));
      }
    }
    for (String key : required) {
      if (!entries.containsKey(key)) {
        problems.add(node, what + " is missing required key '" + key + "'");
      } else if (YamlDocument.isNull(entries.get(key).value())) {
        problems.add(entries.get(key).value(), what + " key '" + key + "' needs a value");
      }
    }
    return new Fields(what, node, entries, problems);
  }

  /** The position of the mapping itself. */
  public Node at() {
    return at;
  }

  /** The value node of a key, if present and not null. */
  public Optional<Node> node(String key) {
    YamlDocument.Entry entry = entries.get(key);
    return entry == null || YamlDocument.isNull(entry.value())
        ? Optional.empty()
        : Optional.of(entry.value());
  }

  /** A scalar's text (numbers and bools as written); reports a mapping or list. */
  public Optional<String> string(String key) {
    return node(key).flatMap(n -> text(n, key));
  }

  /** A whole number; reports anything else. */
  public Optional<Long> integer(String key) {
    return node(key)
        .flatMap(
            n -> {
              if (n instanceof ScalarNode s && YamlDocument.scalar(s) instanceof Long l) {
                return Optional.of(l);
              }
              problems.add(n, what + " key '" + key + "' must be a whole number");
              return Optional.empty();
            });
  }

  /** A number (whole or not); reports anything else. */
  public Optional<Double> number(String key) {
    return node(key)
        .flatMap(
            n -> {
              Object value = n instanceof ScalarNode s ? YamlDocument.scalar(s) : null;
              if (value instanceof Long || value instanceof Double) {
                return Optional.of(((Number) value).doubleValue());
              }
              problems.add(n, what + " key '" + key + "' must be a number");
              return Optional.empty();
            });
  }

  /** A boolean; reports anything else. */
  public Optional<Boolean> bool(String key) {
    return node(key)
        .flatMap(
            n -> {
              if (n instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
                return Optional.of((Boolean) YamlDocument.scalar(s));
              }
              problems.add(n, what + " key '" + key + "' must be true or false");
              return Optional.empty();
            });
  }

  /** A duration ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 1h30m}). */
  public Optional<Duration> duration(String key) {
    return node(key)
        .flatMap(
            n ->
                text(n, key)
                    .flatMap(
                        t -> {
                          Optional<Duration> d = Durations.find(t);
                          if (d.isEmpty()) {
                            problems.add(
                                n,
                                what
                                    + " key '"
                                    + key
                                    + "': malformed duration '"
                                    + t
                                    + "' (use whole numbers with units h, m, s, ms, e.g. 500ms,"
                                    + " 30s, 10m, 1h, 1h30m)");
                          }
                          return d;
                        }));
  }

  /**
   * A retention period ({@code 30d}, {@code 12h}, or {@code 0} for ever; see {@link Retention}).
   */
  public Optional<Duration> retention(String key) {
    return node(key)
        .flatMap(
            n ->
                text(n, key)
                    .flatMap(
                        t -> {
                          Optional<Duration> d = Retention.find(t);
                          if (d.isEmpty()) {
                            problems.add(n, what + " key '" + key + "': " + Retention.malformed(t));
                          }
                          return d;
                        }));
  }

  /** One of a fixed set of words; reports others, naming the choices. */
  public Optional<String> choice(String key, List<String> choices) {
    return string(key)
        .filter(
            value -> {
              if (choices.contains(value)) {
                return true;
              }
              problems.add(
                  node(key).orElseThrow(),
                  what
                      + " key '"
                      + key
                      + "' must be one of "
                      + String.join(", ", choices)
                      + ", not '"
                      + value
                      + "'");
              return false;
            });
  }

  private Optional<String> text(Node n, String key) {
    if (n instanceof ScalarNode s) {
      return Optional.of(s.getValue());
    }
    problems.add(n, what + " key '" + key + "' must be a single value, not a mapping or list");
    return Optional.empty();
  }

  static String unknownKey(String key, String what, List<String> allowed) {
    String hint =
        allowed.stream()
            .filter(a -> distance(normalize(a), normalize(key)) <= 2)
            .min(Comparator.comparingInt(a -> distance(a, key)))
            .map(a -> "; did you mean '" + a + "'?")
            .orElse("");
    return "unknown key '"
        + key
        + "' in "
        + what
        + " (allowed: "
        + String.join(", ", allowed)
        + ")"
        + hint;
  }

  private static String normalize(String key) {
    return key.toLowerCase(java.util.Locale.ROOT).replace("_", "").replace("-", "");
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1], previous[j]) + 1, previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
