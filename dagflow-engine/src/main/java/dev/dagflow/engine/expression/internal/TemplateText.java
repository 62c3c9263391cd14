package dev.dagflow.engine.expression.internal;

import dev.dagflow.engine.expression.ExpressionException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a string into literal text and {@code ${CEL}} parts. {@code $${} is a literal
 * {@code ${}. Braces and quotes inside an expression are balanced, so {@code ${ {'a': 1}.a }}
 * is one expression.
 */
public final class TemplateText {
  /** One piece of a template. */
  public sealed interface Part {}

  /** Text copied as it is. */
  public record Literal(String text) implements Part {}

  /** A CEL expression whose value is spliced in. */
  public record Expr(String cel) implements Part {}

  private TemplateText() {}

  /** True when the text holds at least one {@code ${…}} (escaped {@code $${} does not count). */
  public static boolean hasTemplates(String text) {
    int i = text.indexOf("${");
    while (i >= 0) {
      if (i == 0 || text.charAt(i - 1) != '$') {
        return true;
      }
      i = text.indexOf("${", i + 2);
    }
    return false;
  }

  /** The parts of this text; throws {@link ExpressionException} for an unclosed or empty one. */
  public static List<Part> parse(String text) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        literal.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = closingBrace(text, i + 2);
        String cel = text.substring(i + 2, end).strip();
        if (cel.isEmpty()) {
          throw new ExpressionException("empty template '${}' in '" + text + "'");
        }
        if (!literal.isEmpty()) {
          parts.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        parts.add(new Expr(cel));
        i = end + 1;
      } else {
        literal.append(text.charAt(i));
        i++;
      }
    }
    if (!literal.isEmpty()) {
      parts.add(new Literal(literal.toString()));
    }
    return parts;
  }

  private static int closingBrace(String text, int from) {
    int depth = 0;
    char quote = 0;
    for (int j = from; j < text.length(); j++) {
      char c = text.charAt(j);
      if (quote != 0) {
        if (c == '\\') {
          j++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth == 0) {
          return j;
        }
        depth--;
      }
    }
    throw new ExpressionException(
        "unclosed template '" + text.substring(from - 2) + "': missing '}'");
  }
}
