package dev.dagflow.server.internal;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request an id, echoed as {@code X-Request-Id} on every response, carried by every
 * problem body as {@code request_id} and written in the log line of a failure. A client's own
 * {@code X-Request-Id} is kept when well-formed (1 to 128 letters, digits, {@code - _ . :}); any
 * other value is replaced by a random UUID, so nothing odd reaches a log line.
 *
 * <pre>{@code
 * cfg.routes.before(RequestIds::assign);
 * String id = RequestIds.of(ctx);   // "3f1c…" or the client's "checkout-42"
 * }</pre>
 */
public final class RequestIds {
  /** The request and response header. */
  public static final String HEADER = "X-Request-Id";

  private static final String ATTRIBUTE = "dagflow.request-id";
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {}

  /** Takes the client's id when well-formed, else makes one; sets the response header. */
  public static void assign(Context ctx) {
    String given = ctx.header(HEADER);
    String id =
        given != null && WELL_FORMED.matcher(given).matches()
            ? given
            : UUID.randomUUID().toString();
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
  }

  /** The request's id (assigned on first use when a failure came before {@link #assign}). */
  public static String of(Context ctx) {
    String id = ctx.attribute(ATTRIBUTE);
    if (id == null) {
      assign(ctx);
      id = ctx.attribute(ATTRIBUTE);
    }
    return id;
  }
}
