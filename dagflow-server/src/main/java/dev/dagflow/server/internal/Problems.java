package dev.dagflow.server.internal;

import dev.dagflow.engine.error.DagflowException;
import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.error.LimitExceededException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The one place where errors become RFC 9457 problems: a {@link DagflowException} keeps its status,
 * Javalin's own responses (404 for unknown paths, 405, 413) keep theirs, unreadable JSON is 400,
 * and anything else is a 500. A 5xx body says nothing about the server's insides (no SQL, URL,
 * user, host or stack trace): its detail is fixed, and its {@code request_id} finds the log line
 * that holds the whole cause.
 *
 * <pre>{@code
 * Problems.install(cfg.routes, json);
 * }</pre>
 */
public final class Problems {
  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private Problems() {}

  /** Registers the exception handlers. */
  public static void install(RoutesConfig routes, Json json) {
    routes.exception(
        DagflowException.class,
        (e, ctx) -> {
          if (e instanceof LimitExceededException limit && limit.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(limit.retryAfterSeconds()));
          }
          if (e.httpStatus() >= 500) {
            serverError(ctx, json, e.httpStatus(), e.title(), e);
            return;
          }
          List<String> errors =
              e instanceof InvalidRequestException invalid ? invalid.problems() : null;
          write(ctx, json, e.httpStatus(), e.title(), e.getMessage(), errors);
        });
    routes.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          if (e.getStatus() >= 500) {
            serverError(ctx, json, e.getStatus(), titleFor(e.getStatus()), e);
            return;
          }
          write(ctx, json, e.getStatus(), titleFor(e.getStatus()), e.getMessage(), null);
        });
    routes.exception(
        JacksonException.class,
        (e, ctx) ->
            write(
                ctx, json, 400, "Bad Request", "malformed JSON: " + e.getOriginalMessage(), null));
    routes.exception(
        Exception.class, (e, ctx) -> serverError(ctx, json, 500, "Internal Server Error", e));
  }

  /** Logs the whole cause under the request id; the body holds only the id and a fixed text. */
  private static void serverError(Context ctx, Json json, int status, String title, Exception e) {
    String id = RequestIds.of(ctx);
    log.error("request {} {} {} failed with {}", id, ctx.method(), ctx.path(), status, e);
    String detail =
        status == 503
            ? "the service is unavailable for now; retry later, or quote request_id " + id
            : "the server failed to handle the request; quote request_id " + id;
    write(ctx, json, status, title, detail, null);
  }

  /** The standard reason phrase of a status code. */
  public static String titleFor(int status) {
    for (HttpStatus s : HttpStatus.values()) {
      if (s.getCode() == status) {
        return s.getMessage();
      }
    }
    return "Error";
  }

  /** Writes a problem as the response. */
  public static void write(
      Context ctx, Json json, int status, String title, String detail, List<String> errors) {
    var problem =
        new ProblemDetail(
            "about:blank", title, status, detail, ctx.path(), errors, RequestIds.of(ctx));
    ctx.status(status).contentType(ProblemDetail.MEDIA_TYPE).result(json.write(problem));
  }
}
