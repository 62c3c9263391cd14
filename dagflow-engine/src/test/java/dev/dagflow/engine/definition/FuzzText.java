package dev.dagflow.engine.definition;

import dev.dagflow.engine.store.StorableText;
import java.util.SplittableRandom;

/**
 * Random text for the fuzz properties: plain letters mixed with NUL, lone surrogates, valid pairs,
 * control characters, quotes, backslashes, YAML escapes, and numbers far past 64 bits.
 */
final class FuzzText {
  private static final String[] PIECES = {
    "a", "id", " ", "\n", "\t", "\0", "\ud800", "\udfff", "😀", "é", "\u0001", "\u001b", "\"", "'",
    "\\", "\\0", "\\u0000", "\\ud800", "\\x00", ":", "{", "}", "[", "]", "- ", "#", "&a", "*a",
    "<<", "~", "null", "1e999999", "-0", "NaN", "\u2028", "\ufeff", "\uffff"
  };

  private FuzzText() {}

  /** A short string of random pieces. */
  static String string(SplittableRandom random) {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(0, 8);
    for (int i = 0; i < n; i++) {
      b.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return b.toString();
  }

  /** A decimal number of up to 400 digits, sometimes with a huge exponent. */
  static String hugeNumber(SplittableRandom random) {
    StringBuilder b = new StringBuilder(random.nextBoolean() ? "-" : "");
    b.append(random.nextInt(1, 10));
    int digits = random.nextInt(0, 400);
    for (int i = 0; i < digits; i++) {
      b.append(random.nextInt(10));
    }
    if (random.nextBoolean()) {
      b.append('E').append(random.nextInt(-500, 500));
    }
    return b.toString();
  }

  /** A definition: mostly well-formed YAML or JSON with random text in its values and keys. */
  static String definition(SplittableRandom random) {
    String description = string(random);
    String nodeId = random.nextInt(4) == 0 ? string(random) : "n" + random.nextInt(100);
    String extraKey = random.nextInt(4) == 0 ? string(random) : "name";
    return switch (random.nextInt(4)) {
      case 0 ->
          "id: f\ndescription: \"%s\"\nnodes:\n  - {id: %s, type: noop, %s: x}\n"
              .formatted(description, nodeId, extraKey);
      case 1 ->
          "{\"id\": \"f\", \"description\": \"%s\", \"nodes\": [{\"id\": \"%s\", \"type\": \"mock\","
                  .formatted(description, nodeId)
              + " \"config\": {\"output\": {\"v\": %s}}}]}".formatted(hugeNumber(random));
      case 2 ->
          "id: f\nparams:\n  p: {type: string, default: '%s'}\nnodes:\n  - {id: a, type: noop}\n"
              .formatted(description);
      default -> string(random) + string(random) + string(random);
    };
  }

  static boolean storable(String text) {
    return text == null || StorableText.findProblem(text).isEmpty();
  }
}
