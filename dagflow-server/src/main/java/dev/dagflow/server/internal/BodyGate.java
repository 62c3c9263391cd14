package dev.dagflow.server.internal;

import dev.dagflow.engine.error.InvalidRequestException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The first check of every request body, whatever its route or format (JSON params, YAML or JSON
 * definitions, approval comments): it must be UTF-8 (a declared {@code charset} too) and hold no
 * raw NUL. A failure is 400 naming {@code body:LINE:COLUMN}; nothing is ever decoded with
 * replacement characters. Escaped forms ({@code \u0000}, a lone {@code \ud800}) are refused after
 * parsing, by {@link Json#readTree} and the definition parser, which name the JSON pointer or
 * line:column.
 *
 * <pre>{@code
 * cfg.routes.beforeMatched(BodyGate::check);
 * // POST /workflows/w/runs with {"who":"caf\xe9"} -> 400
 * //   "body:1:12: invalid UTF-8: byte 0xE9 at offset 11"
 * }</pre>
 */
public final class BodyGate {
  private static final Set<String> UTF_8_NAMES = Set.of("utf-8", "utf8");

  private BodyGate() {}

  /** Throws a 400 problem when the body is not UTF-8 text without NUL. */
  public static void check(Context ctx) {
    HandlerType method = ctx.method();
    if (method != HandlerType.POST && method != HandlerType.PUT && method != HandlerType.PATCH) {
      return;
    }
    // the handlers decode with the declared charset: any other than UTF-8 would alter the text
    String charset = ctx.characterEncoding();
    if (charset != null && !UTF_8_NAMES.contains(charset.toLowerCase(Locale.ROOT))) {
      throw new InvalidRequestException(
          400, List.of("body: charset " + charset + " is not supported; send UTF-8"));
    }
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length > 0) {
      check(bytes);
    }
  }

  /** The same check on raw bytes. */
  static void check(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    out.flip();
    if (result.isError()) {
      int offset = in.position();
      throw refused(
          out,
          out.limit(),
          "invalid UTF-8: byte 0x%02X at offset %d".formatted(bytes[offset] & 0xff, offset));
    }
    for (int i = 0; i < out.limit(); i++) {
      if (out.get(i) == 0) {
        throw refused(out, i, "a raw NUL character (U+0000)");
      }
    }
  }

  /** A 400 naming the 1-based line and column (in characters) of {@code index}. */
  private static InvalidRequestException refused(CharBuffer text, int index, String what) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      if (text.get(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = Character.codePointCount(text, lineStart, index) + 1;
    return new InvalidRequestException(
        400, List.of("body:%d:%d: %s".formatted(line, column, what)));
  }
}
