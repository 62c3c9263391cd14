package dev.dagflow.server.internal;

import dev.dagflow.engine.error.DagflowException;
import dev.dagflow.server.ApiTokens;
import dev.dagflow.server.ApiTokens.Scope;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Set;

/**
 * Bearer-token checks. With no token configured every route is open; otherwise every route but
 * {@code /health*} needs {@code Authorization: Bearer TOKEN}: reads need the {@code read} scope,
 * writes {@code write}, and {@code GET /metrics} accepts {@code metrics} or {@code read}. WebSocket
 * clients that cannot set headers may pass {@code ?access_token=}.
 *
 * <pre>{@code
 * cfg.routes.before(ctx -> auth.check(ctx));
 * }</pre>
 */
public final class Auth {
  private final ApiTokens tokens;

  public Auth(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** Throws a 401 or 403 problem when the request may not proceed. */
  public void check(Context ctx) {
    if (tokens.isEmpty() || isOpen(ctx.path()) || ctx.method() == HandlerType.OPTIONS) {
      return;
    }
    String token = bearer(ctx.header("Authorization"));
    if (token == null && ctx.path().startsWith("/ws/")) {
      token = ctx.queryParam("access_token");
    }
    if (token == null) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new DagflowException(401, "missing bearer token");
    }
    Set<Scope> scopes =
        tokens
            .scopesOf(token)
            .orElseThrow(
                () -> {
                  ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                  return new DagflowException(401, "unknown bearer token");
                });
    if (!allowed(ctx, scopes)) {
      ctx.header("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
      throw new DagflowException(
          403, "token lacks the scope for %s %s".formatted(ctx.method(), ctx.path()));
    }
  }

  private static boolean allowed(Context ctx, Set<Scope> scopes) {
    if (ctx.path().equals("/metrics")) {
      return scopes.contains(Scope.METRICS) || scopes.contains(Scope.READ);
    }
    boolean read = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
    return scopes.contains(read ? Scope.READ : Scope.WRITE);
  }

  private static boolean isOpen(String path) {
    return path.equals("/health") || path.startsWith("/health/");
  }

  private static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).strip();
    return token.isEmpty() ? null : token;
  }
}
