package dev.dagflow.engine.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What text every store holds unchanged: Unicode without NUL ({@code U+0000}) and without lone
 * surrogates. PostgreSQL refuses both in {@code text} and {@code jsonb}; H2 keeps NUL but turns a
 * lone surrogate into {@code ?}. So the API refuses them in bodies and the engine fails an attempt
 * whose output holds them, and both stores behave alike (see docs/api.md, "Input rules").
 *
 * <pre>{@code
 * StorableText.problems(params, "");   // ["/who: holds a NUL character (U+0000) at index 1"]
 * StorableText.findProblem("ok");      // Optional.empty()
 * StorableText.escape("a\u0000b");     // "a\\u0000b", for engine messages such as errors
 * }</pre>
 */
public final class StorableText {
  /** At most this many problems are listed for one document: enough to fix, bounded to print. */
  public static final int MAX_PROBLEMS = 20;

  private StorableText() {}

  /** Why a string cannot be stored, naming the first offending character and its index. */
  public static Optional<String> findProblem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return Optional.of("holds a NUL character (U+0000) at index " + i);
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++; // a well-formed pair: one supplementary character
          continue;
        }
        return Optional.of(loneSurrogate(c, i));
      }
      if (Character.isLowSurrogate(c)) {
        return Optional.of(loneSurrogate(c, i));
      }
    }
    return Optional.empty();
  }

  /**
   * Every key and string of a JSON document that cannot be stored, each as {@code POINTER: problem}
   * with an RFC 6901 pointer under {@code root} (e.g. {@code /nodes/0/id}); at most {@link
   * #MAX_PROBLEMS}.
   */
  public static List<String> problems(JsonNode node, String root) {
    List<String> found = new ArrayList<>();
    walk(node, root, found);
    return found;
  }

  /**
   * The text with NUL and lone surrogates written as {@code \\uXXXX}: for messages the engine
   * composes (an error quoting a process's stderr), never for user data, which is refused instead.
   */
  public static String escape(String text) {
    if (text == null || findProblem(text).isEmpty()) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (pair) {
        b.append(c).append(text.charAt(++i));
      } else if (c == 0 || Character.isSurrogate(c)) {
        b.append("\\u%04X".formatted((int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** One step of an RFC 6901 pointer: {@code ~} and {@code /} escaped. */
  public static String pointerStep(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static void walk(JsonNode node, String pointer, List<String> found) {
    if (found.size() >= MAX_PROBLEMS || node == null) {
      return;
    }
    if (node.isString()) {
      findProblem(node.asString()).ifPresent(p -> found.add(at(pointer) + ": " + p));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), pointer + "/" + i, found);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String child = pointer + "/" + pointerStep(e.getKey());
        Optional<String> keyProblem = findProblem(e.getKey());
        if (keyProblem.isPresent()) {
          if (found.size() < MAX_PROBLEMS) {
            found.add(at(pointer) + ": a key " + keyProblem.get());
          }
          continue;
        }
        walk(e.getValue(), child, found);
      }
    }
  }

  private static String at(String pointer) {
    return pointer.isEmpty() ? "/" : pointer;
  }

  private static String loneSurrogate(char c, int index) {
    return "holds a lone surrogate (U+%04X) at index %d".formatted((int) c, index);
  }
}
